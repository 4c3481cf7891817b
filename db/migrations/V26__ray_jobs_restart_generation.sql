-- The restart generation of its cluster when Ray took the job. A restart (or an edit that
-- restarts) recreates the pods under the same run id, and with the head the jobs Ray knew: the job
-- follower ends a job taken before it as stopped, at once, instead of showing it running through
-- the restart and failing it afterwards. NULL for jobs taken before this column (the follower then
-- finds them gone from Ray once the cluster is back, as before).
ALTER TABLE ray_jobs ADD COLUMN restart_generation INT NULL;
