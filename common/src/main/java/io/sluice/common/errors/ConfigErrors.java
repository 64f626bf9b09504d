package io.sluice.common.errors;

import static io.sluice.common.errors.ErrorClass.CONFIG;
import static io.sluice.common.errors.ErrorLevel.HIGH;
import static io.sluice.common.errors.ErrorLevel.LOW;
import static io.sluice.common.errors.ErrorLevel.MEDIUM;
import static io.sluice.common.errors.ErrorScope.INTERNAL;

/** Codes of class config (20xxx): task and source files. */
public final class ConfigErrors {
    private ConfigErrors() {
    }

    public static final ErrorCode CHECK_ITEM_NOT_SUPPORTED = ErrorCode.define(20001, CONFIG, INTERNAL, MEDIUM,
            "checking item %s is not supported", "Please check the `ignore-checking-items` config in the task file.");
    public static final ErrorCode YAML_TRANSFORM = ErrorCode.define(20003, CONFIG, INTERNAL, MEDIUM,
            "%s", "Please check the YAML syntax and the keys of the file.");
    public static final ErrorCode TASK_NAME_EMPTY = ErrorCode.define(20004, CONFIG, INTERNAL, MEDIUM,
            "task name should not be empty", "Please check the `name` config in the task file.");
    public static final ErrorCode EMPTY_SOURCE_ID = ErrorCode.define(20005, CONFIG, INTERNAL, MEDIUM,
            "empty source-id not valid", "Please check the `source-id` config in the configuration file.");
    public static final ErrorCode TOO_LONG_SOURCE_ID = ErrorCode.define(20006, CONFIG, INTERNAL, MEDIUM,
            "too long source-id not valid", "Please check the `source-id` config in the configuration file. The max source id length is 32.");
    public static final ErrorCode ONLINE_SCHEME_NOT_SUPPORTED = ErrorCode.define(20008, CONFIG, INTERNAL, MEDIUM,
            "online scheme %s not supported", "Please check the `online-ddl-scheme` config in the task file. Only `ghost` and `pt` are supported.");
    public static final ErrorCode INVALID_TIMEZONE = ErrorCode.define(20009, CONFIG, INTERNAL, MEDIUM,
            "invalid timezone string: %s", "Please check the `timezone` config in the task file.");
    public static final ErrorCode DECRYPT_PASSWORD = ErrorCode.define(20010, CONFIG, INTERNAL, MEDIUM,
            "failed to decrypt the configured password", "Please make sure the password was encrypted with `sluicectl encrypt`, or give it in plain text.");
    public static final ErrorCode UNKNOWN_KEY = ErrorCode.define(20011, CONFIG, INTERNAL, LOW,
            "unknown key `%s` at line %d of the %s file", "Please remove or correct the key; the keys follow DM's task and source files.");
    public static final ErrorCode INVALID_VALUE = ErrorCode.define(20012, CONFIG, INTERNAL, LOW,
            "invalid value for `%s`: %s", "");
    public static final ErrorCode MISSING_KEY = ErrorCode.define(20013, CONFIG, INTERNAL, LOW,
            "`%s` must be set in the %s file", "");
    public static final ErrorCode UNDEFINED_RULE = ErrorCode.define(20014, CONFIG, INTERNAL, MEDIUM,
            "mysql-instance(%d) references %s `%s`, which is not defined", "Please define the rule or remove the reference.");
    public static final ErrorCode UNUSED_RULE = ErrorCode.define(20015, CONFIG, INTERNAL, MEDIUM,
            "the %s `%s` is defined but not used by any mysql-instance", "Please remove the unused config item.");
    public static final ErrorCode DUPLICATE_SOURCE_IN_TASK = ErrorCode.define(20016, CONFIG, INTERNAL, MEDIUM,
            "source `%s` appears more than once in mysql-instances", "");
    public static final ErrorCode INVALID_TASK_MODE = ErrorCode.define(20017, CONFIG, INTERNAL, MEDIUM,
            "please specify right task-mode, support `full`, `incremental`, `all`, got `%s`", "");
    public static final ErrorCode INVALID_SHARD_MODE = ErrorCode.define(20018, CONFIG, INTERNAL, MEDIUM,
            "shard-mode must be empty, `pessimistic` or `optimistic`, got `%s`", "");
    public static final ErrorCode INVALID_FILTER_RULE = ErrorCode.define(20019, CONFIG, INTERNAL, MEDIUM,
            "invalid filter rule `%s`: %s", "");
    public static final ErrorCode INVALID_ROUTE_RULE = ErrorCode.define(20020, CONFIG, INTERNAL, MEDIUM,
            "invalid route rule `%s`: %s", "");
    public static final ErrorCode INVALID_BA_LIST = ErrorCode.define(20021, CONFIG, INTERNAL, MEDIUM,
            "invalid block-allow-list rule `%s`: %s", "");
    public static final ErrorCode READ_FILE = ErrorCode.define(20022, CONFIG, INTERNAL, LOW,
            "cannot read config file %s", "Please check the path and the file's permissions.");

    public static final ErrorCode INVALID_DURATION = ErrorCode.define(20046, CONFIG, INTERNAL, MEDIUM,
            "`%s` value `%s` parsed failed: %s", "Please write a duration like `60s`, `5m0s` or `1h30m`; `0s` turns the feature off where the key allows it.");
    public static final ErrorCode CHECKER_MAX_TOO_SMALL = ErrorCode.define(20047, CONFIG, INTERNAL, MEDIUM,
            "checker backoff-max %s is too small, it must not be less than %s", "Please increase `checker.backoff-max` in the source file.");

    public static final ErrorCode EXPR_FILTER_MANY_EXPR = ErrorCode.define(20039, CONFIG, INTERNAL, HIGH,
            "expression filter can only specify one of (insert, update, delete) expressions, but %s has specified %s",
            "If you want to filter by A or B, please write two filters.");
    public static final ErrorCode EXPR_FILTER_NOT_FOUND = ErrorCode.define(20040, CONFIG, INTERNAL, HIGH,
            "mysql-instance(%d)'s expression-filters %s not exist in expression-filter",
            "Please check the `expression-filters` config in the task file.");
    public static final ErrorCode EXPR_FILTER_WRONG_GRAMMAR = ErrorCode.define(20041, CONFIG, INTERNAL, HIGH,
            "expression-filter name(%s) SQL(%s) has wrong grammar: %s",
            "Please check the `expression-filter` config in the task file; only the SQL functions listed in the documentation are supported.");
    public static final ErrorCode EXPR_FILTER_EMPTY_NAME = ErrorCode.define(20042, CONFIG, INTERNAL, HIGH,
            "expression-filter %s has empty %s", "Please check the `expression-filter` config in the task file.");
    public static final ErrorCode EXPR_FILTER_UNKNOWN_COLUMN = ErrorCode.define(20101, CONFIG, INTERNAL, HIGH,
            "expression-filter name(%s) SQL(%s) cannot be used on table %s: %s",
            "Please name only columns the table has in the `expression-filter` config, then start the task again.");
}
