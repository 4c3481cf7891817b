"""Bulk-loads the same N clusters into both services' search indexes, each in its own shape.

Each index's document for a created cluster is the template; every generated cluster gets a
name of a word, a team and a number, one of 300 owners, a runtime, a status (2 in 10 active),
one in 10 a job cluster, and creation and last-use times over 60 days, from one seeded random
sequence, so both indexes hold the same clusters.

    corpus.py ES_URL N JAVA_INDEX JAVA_TEMPLATE_ID PYTHON_INDEX PYTHON_TEMPLATE_ID
"""
import datetime
import json
import random
import sys
import urllib.request

ES, N, JAVA_INDEX, JAVA_ID, PY_INDEX, PY_ID = sys.argv[1], int(sys.argv[2]), *sys.argv[3:7]
WORDS = ["train", "feature", "eval", "etl", "explore", "serve", "report", "nightly", "adhoc", "tune"]
IST = datetime.timezone(datetime.timedelta(hours=5, minutes=30))  # the Python service's created_on zone
START = datetime.datetime(2025, 1, 1, tzinfo=datetime.timezone.utc)


def call(method, path, body=None, kind="application/json"):
    request = urllib.request.Request(ES + path, data=body, method=method, headers={"Content-Type": kind})
    return json.load(urllib.request.urlopen(request))


def iso(moment):
    return moment.strftime("%Y-%m-%dT%H:%M:%S.000Z")


java_template = call("GET", f"/{JAVA_INDEX}/_doc/{JAVA_ID}")["_source"]
py_template = call("GET", f"/{PY_INDEX}/_doc/{PY_ID}")["_source"]
rnd = random.Random(21)
batches = {JAVA_INDEX: [], PY_INDEX: []}


def flush():
    for index, lines in batches.items():
        if lines:
            answer = call("POST", f"/{index}/_bulk", "".join(lines).encode(), "application/x-ndjson")
            assert not answer["errors"], json.dumps(answer)[:500]
            lines.clear()


for i in range(N):
    cluster_id = "id-bench%010d" % i
    name = "%s-team%02d-%06d" % (rnd.choice(WORDS), rnd.randrange(30), i)
    user = "user-%03d@example.com" % rnd.randrange(300)
    status = "active" if rnd.randrange(10) < 2 else "inactive"
    runtime = "0.0" if rnd.randrange(10) < 6 else "0.1"
    job = rnd.randrange(10) == 0
    created = START + datetime.timedelta(seconds=rnd.randrange(60 * 86400))
    used = created + datetime.timedelta(seconds=rnd.randrange(86400))
    # this service's indexer writes the name's suffixes too (its "contains" searches them); its
    # index leaves them out of _source, so the template does not carry them
    java = dict(java_template, name_suffixes=[name.lower()[k:] for k in range(len(name))],
                cluster_id=cluster_id, name=name, user=user, status=status, ui_status=status,
                runtime=runtime, is_job_cluster=job, created_on=iso(created), last_used_on=iso(used),
                last_updated_on=iso(used))
    py = dict(py_template, cluster_id=cluster_id, name=name, user=user, status=status, runtime=runtime,
              is_job_cluster=job, created_on=str(created.astimezone(IST)), last_used=str(used.astimezone(IST)))
    for index, document in ((JAVA_INDEX, java), (PY_INDEX, py)):
        batches[index] += ['{"index":{"_id":"%s"}}\n' % cluster_id, json.dumps(document) + "\n"]
    if len(batches[JAVA_INDEX]) >= 4000:
        flush()
flush()
for index in batches:
    call("POST", f"/{index}/_refresh")
print("loaded", N, "clusters into", JAVA_INDEX, "and", PY_INDEX)
