package io.sluice.common.filter;

/** Binlog event kinds as DM's event filter names them (the {@code events} list of a filter rule). */
public enum EventType {
    INSERT("insert"),
    UPDATE("update"),
    DELETE("delete"),
    CREATE_DATABASE("create database"),
    DROP_DATABASE("drop database"),
    CREATE_TABLE("create table"),
    CREATE_INDEX("create index"),
    DROP_TABLE("drop table"),
    TRUNCATE_TABLE("truncate table"),
    RENAME_TABLE("rename table"),
    DROP_INDEX("drop index"),
    ALTER_TABLE("alter table"),
    CREATE_VIEW("create view"),
    DROP_VIEW("drop view"),
    OTHER_DDL("other ddl");

    private final String label;

    EventType(String label) {
        this.label = label;
    }

    public String label() {
        return label;
    }

    /** A row change (insert, update, delete). */
    public boolean isDml() {
        return this == INSERT || this == UPDATE || this == DELETE;
    }

    /**
     * A statement DM's event filter can name. {@link #OTHER_DDL} is not one: like DM, filters
     * decide about it by {@code sql-pattern} alone.
     */
    public boolean isNamedDdl() {
        return !isDml() && this != OTHER_DDL;
    }
}
