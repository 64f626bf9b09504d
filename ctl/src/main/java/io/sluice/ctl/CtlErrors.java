package io.sluice.ctl;

import static io.sluice.common.errors.ErrorClass.DMCTL;
import static io.sluice.common.errors.ErrorLevel.HIGH;
import static io.sluice.common.errors.ErrorLevel.LOW;
import static io.sluice.common.errors.ErrorLevel.MEDIUM;
import static io.sluice.common.errors.ErrorScope.INTERNAL;

import io.sluice.common.errors.ErrorCode;

/** Codes of class dmctl (48xxx): failures that happen in sluicectl itself, before or around the RPC. */
public final class CtlErrors {
    private CtlErrors() {
    }

    public static final ErrorCode CANNOT_CONNECT = ErrorCode.define(48001, DMCTL, INTERNAL, HIGH,
            "cannot connect to any master of %s",
            "Please check that the masters are running and that --master-addr (or DM_MASTER_ADDR) names their advertise addresses.");
    public static final ErrorCode INVALID_ARGS = ErrorCode.define(48002, DMCTL, INTERNAL, LOW,
            "invalid command args: %s", "Please run `sluicectl help <command>` for its syntax.");
    public static final ErrorCode READ_FILE = ErrorCode.define(48003, DMCTL, INTERNAL, LOW,
            "cannot read file %s", "Please check the path and the file's permissions.");
    public static final ErrorCode RPC_FAILED = ErrorCode.define(48004, DMCTL, INTERNAL, MEDIUM,
            "master %s failed the %s request", "");
    public static final ErrorCode RPC_TIMEOUT = ErrorCode.define(48005, DMCTL, INTERNAL, MEDIUM,
            "master %s did not answer the %s request within %s",
            "Please raise --rpc-timeout, and check that http_proxy/https_proxy do not intercept the connection.");
    public static final ErrorCode NOT_SUPPORTED = ErrorCode.define(48006, DMCTL, INTERNAL, LOW,
            "command %s is not supported by this master yet", "");
    // 48007 (TLS not implemented) is retired: TLS to the master works now
    public static final ErrorCode TLS_REFUSED = ErrorCode.define(48011, DMCTL, INTERNAL, HIGH,
            "master %s refused the TLS connection: %s",
            "Please give --ssl-ca, --ssl-cert and --ssl-key: a client certificate signed by the masters' CA whose CN is in their cert-allowed-cn.");
    public static final ErrorCode TLS_FILE_UNREADABLE = ErrorCode.define(48012, DMCTL, INTERNAL, HIGH,
            "can not load tls config: %s",
            "Please ensure that the tls certificate is accessible on the node currently running sluicectl; it was sent as a path, which every master and worker must then be able to read.");
    public static final ErrorCode WRITE_FILE = ErrorCode.define(48008, DMCTL, INTERNAL, LOW,
            "cannot write file %s", "Please check the path and the directory's permissions.");
    public static final ErrorCode CONFIG_DIR_UNREADABLE = ErrorCode.define(48031, DMCTL, INTERNAL, LOW,
            "cannot import configs from directory `%s`",
            "Please give the directory that `config export` wrote (with its sources/ and tasks/ folders).");
    public static final ErrorCode CONFIG_FILE_INVALID = ErrorCode.define(48032, DMCTL, INTERNAL, LOW,
            "config file %s cannot be imported", "Please correct the file and import again; nothing was imported.");
    public static final ErrorCode CONFIG_IMPORT_FAILED = ErrorCode.define(48033, DMCTL, INTERNAL, MEDIUM,
            "importing %s failed, and what this import had created was removed again",
            "Please fix the cause named in the message and import again.");
    public static final ErrorCode UNEXPECTED = ErrorCode.define(48010, DMCTL, INTERNAL, HIGH,
            "unexpected error in sluicectl", "");
}
