-- Jobs that ended here before Ray was known to have them (a stop while the submission was on its
-- way, Ray's refusal, the submit timeout) are looked for on Ray for a while after they end: a send
-- Ray acts on late must not leave a job running under a row that says it ended. The job follower
-- reads them by end time on every pass, so that read is an index range scan, not a scan of every
-- ended job.
CREATE INDEX idx_ray_jobs_ended_unforwarded ON ray_jobs (forwarded_at, end_time);
