-- Which pod settings (image, resources, probes, ...) a Jupyter target's failure streak is of: a
-- streak of pods of other settings (a broken image since replaced by a new deployment of the
-- control plane) ends at the keeper's next pass instead of holding new pods back until its
-- backoff runs out. NULL (a streak from before this column) is taken to be of the current settings.
ALTER TABLE jupyter_pools
  ADD COLUMN failed_pod_settings CHAR(16) NULL;
