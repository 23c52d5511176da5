-- Belfort alert store. Written by the pipeline's PostgreSQL sink (idempotent upserts keyed on alert id)
-- and read by the control-room console. Timestamps are UTC.

-- One row per surge: the latest state the pipeline reported, plus what the operators did with it.
CREATE TABLE alerts (
    id             text PRIMARY KEY,
    kind           text             NOT NULL,
    topic          text             NOT NULL,
    area           text             NOT NULL,
    status         text             NOT NULL CHECK (status IN ('open', 'update', 'resolved')),
    severity       text             NOT NULL CHECK (severity IN ('low', 'medium', 'high', 'critical')),
    window_start   timestamptz      NOT NULL,
    window_end     timestamptz      NOT NULL,
    count          bigint           NOT NULL,
    baseline       double precision NOT NULL,
    score          double precision NOT NULL,
    top_terms      text[]           NOT NULL DEFAULT '{}',
    rules_version  text             NOT NULL,
    opened_at      timestamptz      NOT NULL,  -- created_at of the first record of this surge
    updated_at     timestamptz      NOT NULL,  -- created_at of the latest record
    resolved_at    timestamptz,
    -- What the control room decided: new, acknowledged, resolved or noise.
    operator_state text             NOT NULL DEFAULT 'new'
        CHECK (operator_state IN ('new', 'acknowledged', 'resolved', 'noise')),
    payload        jsonb            NOT NULL   -- the latest Alert in the JSON edge format
);
CREATE INDEX alerts_updated_at ON alerts (updated_at DESC);
CREATE INDEX alerts_topic_area ON alerts (topic, area, window_end DESC);

-- Every record the pipeline emitted for a surge (open, each update, resolved): the alert's timeline.
-- The primary key makes a replayed or re-delivered record a no-op.
CREATE TABLE alert_updates (
    alert_id   text             NOT NULL REFERENCES alerts (id) ON DELETE CASCADE,
    status     text             NOT NULL,
    window_end timestamptz      NOT NULL,
    count      bigint           NOT NULL,
    baseline   double precision NOT NULL,
    score      double precision NOT NULL,
    severity   text             NOT NULL,
    created_at timestamptz      NOT NULL,
    payload    jsonb            NOT NULL,
    PRIMARY KEY (alert_id, status, window_end)
);

-- The posts an alert points to. Authors are pseudonyms, never handles.
CREATE TABLE alert_evidence (
    alert_id   text        NOT NULL REFERENCES alerts (id) ON DELETE CASCADE,
    post_id    text        NOT NULL,
    author     text,
    text       text,
    terms      text[]      NOT NULL DEFAULT '{}',
    created_at timestamptz,
    PRIMARY KEY (alert_id, post_id)
);

-- Operator decisions on alerts, as also sent on the alert-actions topic.
CREATE TABLE alert_actions (
    id       bigserial PRIMARY KEY,
    alert_id text        NOT NULL REFERENCES alerts (id) ON DELETE CASCADE,
    action   text        NOT NULL CHECK (action IN ('acknowledge', 'resolve', 'noise')),
    operator text        NOT NULL,
    note     text,
    acted_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX alert_actions_alert ON alert_actions (alert_id, acted_at);

-- Who looked at and who acted on what: kept for oversight of police use of public posts.
CREATE TABLE audit_log (
    id       bigserial PRIMARY KEY,
    at       timestamptz NOT NULL DEFAULT now(),
    operator text        NOT NULL,
    event    text        NOT NULL,  -- login, login_failed, logout, view_alert, act, view_audit, ...
    alert_id text,
    detail   text
);
CREATE INDEX audit_log_at ON audit_log (at DESC);
CREATE INDEX audit_log_operator ON audit_log (operator, at DESC);
CREATE INDEX audit_log_alert ON audit_log (alert_id, at DESC);
