package io.sluice.common.errors;

import java.util.List;

/**
 * The operator's reference of every error code, as the Markdown of {@code docs/errors.md}. It is
 * rendered from the registry, never written by hand, so the doc says exactly what the code emits.
 */
public final class ErrorCodeTable {
    private ErrorCodeTable() {
    }

    public static String markdown(List<ErrorCode> codes) {
        StringBuilder sb = new StringBuilder();
        sb.append("# Error codes\n\n")
                .append("Every error Sluice reports carries a stable code, printed as\n")
                .append("`[code=NNNNN:class=…:scope=…:level=…] message`, as DM prints its own. A code is never reused.\n\n")
                .append("- **scope**: where the fault lies: `internal` (Sluice itself or its input), `upstream` (a source\n")
                .append("  database), `downstream` (the target database), `not-set`.\n")
                .append("- **level**: `low` (the user's input), `medium` (a config error that stops new work),\n")
                .append("  `high` (needs attention; a task may stop).\n")
                .append("- **message**: `%s` and `%d` stand for the details filled in at run time.\n\n")
                .append("This file is generated from the code registry; `scripts/gen-errors-doc.sh` rewrites it, and\n")
                .append("the build fails when it disagrees with the registry.\n\n")
                .append("| code | class | scope | level | message | workaround |\n")
                .append("|---:|---|---|---|---|---|\n");
        for (ErrorCode c : codes) {
            sb.append("| ").append(c.code())
                    .append(" | ").append(c.errorClass().label())
                    .append(" | ").append(c.scope().label())
                    .append(" | ").append(c.level().label())
                    .append(" | ").append(cell(c.message()))
                    .append(" | ").append(cell(c.workaround()))
                    .append(" |\n");
        }
        return sb.toString();
    }

    /** A table cell: pipes would end the cell and newlines the row. */
    private static String cell(String text) {
        return text.replace("\\", "\\\\").replace("|", "\\|").replace("\r", " ").replace("\n", " ");
    }
}
