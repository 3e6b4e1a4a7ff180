package io.llmgw.gateway.testing;

import io.llmgw.gateway.audit.EnforcementLog;
import io.llmgw.gateway.audit.EnforcementRecord;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/** An enforcement log that keeps its records in memory, for route tests to read. */
public final class RecordedEnforcement implements EnforcementLog {

    private final List<EnforcementRecord> records = new CopyOnWriteArrayList<>();

    @Override
    public void record(EnforcementRecord record) {
        records.add(record);
    }

    /** The records so far, oldest first. */
    public List<EnforcementRecord> records() {
        return List.copyOf(records);
    }

    /** The newest record. */
    public EnforcementRecord last() {
        return records.getLast();
    }

    /** Forgets every record. */
    public void reset() {
        records.clear();
    }
}
