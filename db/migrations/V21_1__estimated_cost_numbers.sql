-- The hourly cost estimate as two numbers instead of the "min-max" string: the alerts compare it,
-- the search document and the API still show the string, now made from the numbers. DOUBLE keeps
-- the values the estimator computed exactly, so the shown string does not change.
ALTER TABLE clusters
  ADD COLUMN estimated_min_cost DOUBLE NULL,
  ADD COLUMN estimated_max_cost DOUBLE NULL;

-- Existing rows: "<min>-<max>", each a Java double (possibly "1.0E-4"); anything else stays null.
UPDATE clusters
   SET estimated_min_cost = CAST(REGEXP_SUBSTR(estimated_cost, '^[0-9]+[.][0-9]+(E-?[0-9]+)?') AS DOUBLE),
       estimated_max_cost = CAST(SUBSTRING(estimated_cost,
             CHAR_LENGTH(REGEXP_SUBSTR(estimated_cost, '^[0-9]+[.][0-9]+(E-?[0-9]+)?')) + 2) AS DOUBLE)
 WHERE estimated_cost REGEXP '^[0-9]+[.][0-9]+(E-?[0-9]+)?-[0-9]+[.][0-9]+(E-?[0-9]+)?$';

ALTER TABLE clusters DROP COLUMN estimated_cost;
