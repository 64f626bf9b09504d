package io.sluice.master.check;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.util.ArrayList;
import java.util.List;

/**
 * All results of one precheck run and DM's summary of them. The reply lists only the items that
 * did not succeed, at most {@code errCnt} failed and {@code warnCnt} warning ones (dmctl's
 * {@code --error} / {@code --warn}), while the summary still counts every item.
 */
public final class CheckReport {
    /** What check-task replies when every item succeeded, as DM does. */
    public static final String PASS_MESSAGE = "check pass!!!";
    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    @JsonPropertyOrder({"passed", "total", "successful", "failed", "warning"})
    public record Summary(boolean passed, int total, int successful, int failed, int warning) {
    }

    private record Shown(@JsonProperty("results") List<CheckResult> results, @JsonProperty("summary") Summary summary) {
    }

    private final List<CheckResult> results;

    CheckReport(List<CheckResult> results) {
        this.results = List.copyOf(results);
        for (int i = 0; i < this.results.size(); i++) {
            this.results.get(i).id = i;
        }
    }

    public List<CheckResult> results() {
        return results;
    }

    public Summary summary() {
        int failed = count(CheckState.FAIL);
        int warning = count(CheckState.WARN);
        return new Summary(failed == 0, results.size(), count(CheckState.SUCCESS), failed, warning);
    }

    public boolean passed() {
        return summary().passed();
    }

    /** The result of the item with this name, or null when it did not run (ignored or not needed). */
    public CheckResult result(String name) {
        return results.stream().filter(r -> r.name().equals(name)).findFirst().orElse(null);
    }

    /** The not-successful results and the summary as JSON, the detail check-task and start-task reply with. */
    public String detail(int errCnt, int warnCnt) {
        List<CheckResult> shown = new ArrayList<>();
        int errors = 0;
        int warnings = 0;
        for (CheckResult r : results) {
            if (r.state() == CheckState.FAIL && errors++ < errCnt) {
                shown.add(r);
            } else if (r.state() == CheckState.WARN && warnings++ < warnCnt) {
                shown.add(r);
            }
        }
        try {
            return JSON.writeValueAsString(new Shown(shown, summary()));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("check results are plain values", e);
        }
    }

    /** check-task's {@code msg} when the check passed: DM's fixed text, or the warnings. */
    public String passMessage(int errCnt, int warnCnt) {
        return count(CheckState.WARN) == 0 ? PASS_MESSAGE : detail(errCnt, warnCnt);
    }

    private int count(CheckState state) {
        return (int) results.stream().filter(r -> r.state() == state).count();
    }
}
