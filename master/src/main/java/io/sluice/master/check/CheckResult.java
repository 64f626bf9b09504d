package io.sluice.master.check;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import java.util.ArrayList;
import java.util.List;

/**
 * What one check item found, in the shape of DM's checker result: its state is the worst of its
 * errors' severities, and every error says what to do about it.
 */
@JsonPropertyOrder({"id", "name", "desc", "state", "errors", "extra"})
public final class CheckResult {
    /** One finding; {@code severity} is {@code warn} or {@code fail}. */
    @JsonPropertyOrder({"severity", "short_error", "instruction"})
    public record Finding(CheckState severity, @JsonProperty("short_error") String shortError, String instruction) {
    }

    @JsonProperty
    int id;
    @JsonProperty
    final String name;
    @JsonProperty
    final String desc;
    @JsonProperty
    final List<Finding> errors = new ArrayList<>();
    @JsonProperty
    final String extra;
    private CheckState state = CheckState.SUCCESS;

    CheckResult(String name, String desc, String extra) {
        this.name = name;
        this.desc = desc;
        this.extra = extra;
    }

    CheckResult fail(String shortError, String instruction) {
        return add(CheckState.FAIL, shortError, instruction);
    }

    CheckResult warn(String shortError, String instruction) {
        return add(CheckState.WARN, shortError, instruction);
    }

    private CheckResult add(CheckState severity, String shortError, String instruction) {
        errors.add(new Finding(severity, shortError, instruction));
        state = state.worse(severity);
        return this;
    }

    @JsonProperty("state")
    public CheckState state() {
        return state;
    }

    public String name() {
        return name;
    }

    public List<Finding> errors() {
        return List.copyOf(errors);
    }

    public String extra() {
        return extra;
    }
}
