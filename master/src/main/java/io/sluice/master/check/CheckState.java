package io.sluice.master.check;

import com.fasterxml.jackson.annotation.JsonValue;

/** A check item's outcome, spelled as DM's checker spells it in check-task's reply. */
public enum CheckState {
    SUCCESS("success"), WARN("warn"), FAIL("fail");

    private final String text;

    CheckState(String text) {
        this.text = text;
    }

    @JsonValue
    public String text() {
        return text;
    }

    CheckState worse(CheckState other) {
        return other.ordinal() > ordinal() ? other : this;
    }
}
