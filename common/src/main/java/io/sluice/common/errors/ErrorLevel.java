package io.sluice.common.errors;

/** low: the user's input; medium: a config error affecting new work; high: the task may stop. */
public enum ErrorLevel {
    LOW("low"),
    MEDIUM("medium"),
    HIGH("high");

    private final String label;

    ErrorLevel(String label) {
        this.label = label;
    }

    public String label() {
        return label;
    }
}
