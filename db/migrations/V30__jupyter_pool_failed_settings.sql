-- Which pod template (the hash of what the Jupyter renderer makes: image, command, resources,
-- probes, volumes) a Jupyter target's failure streak is of: a replica whose pods would differ (a
-- broken image since replaced by a new deployment of the control plane) does not wait on a streak
-- of others, instead of holding new pods back until its backoff runs out. NULL (a streak from
-- before this column) is taken to be of any replica's pods.
ALTER TABLE jupyter_pools
  ADD COLUMN failed_pod_settings CHAR(16) NULL;
