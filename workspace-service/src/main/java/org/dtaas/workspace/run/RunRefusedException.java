package org.dtaas.workspace.run;

/** A run request that cannot be carried out: HTTP {@code status}, a message that says what to do, and the run if one was recorded. */
public class RunRefusedException extends RuntimeException {

    private final int status;
    private final transient Run run;

    public RunRefusedException(int status, String message, Run run) {
        super(message);
        this.status = status;
        this.run = run;
    }

    public int status() {
        return status;
    }

    public Run run() {
        return run;
    }
}
