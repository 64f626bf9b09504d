package io.sluice.master.shardddl;

import java.util.List;

/**
 * One shard DDL lock as {@code show-ddl-locks} reports it, whichever mode holds it. In optimistic
 * mode {@code owner} and {@code ddls} are empty, as in DM.
 *
 * @param id       {@code <task>-`<schema>`.`<table>`} of the target table
 * @param mode     {@code pessimistic} or {@code optimistic}
 * @param synced   sources whose shards have all reached the lock's DDL
 * @param unsynced sources still waited for
 */
public record DdlLockView(String id, String task, String mode, String owner, List<String> ddls,
        List<String> synced, List<String> unsynced) {
    public DdlLockView {
        ddls = List.copyOf(ddls);
        synced = List.copyOf(synced);
        unsynced = List.copyOf(unsynced);
    }
}
