-- A Jupyter target's failure streak ends only once one of its pods has stayed ready for a while
-- since the streak's last failure (compute.jupyter-pods.healthy-after): ending it on any pod turning
-- ready let a server that crashes soon after it starts reset the wait at every start. When the
-- streak's last keeper pass that replaced failed pods ran.
ALTER TABLE jupyter_pools
  ADD COLUMN last_failed_at TIMESTAMP(3) NULL;

-- A streak already under way counts from now (as times are kept, in UTC): its pods that were
-- ready before the upgrade do not end it.
UPDATE jupyter_pools SET last_failed_at = UTC_TIMESTAMP(3) WHERE failed_in_a_row > 0;
