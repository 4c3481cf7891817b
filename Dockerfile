# Production image of compute-api. Build the jar without the sandbox first:
#   ./mvnw -B package -DskipTests -Dsandbox.scope=test
FROM eclipse-temurin:17-jre
RUN useradd --system --uid 10001 compute
WORKDIR /app
COPY compute-api/target/compute-api-*-exec.jar /tmp/compute-api.jar
# Extracted (a plain jar and lib/): class data sharing archives classes from plain jars only.
RUN java -Djarmode=tools -jar /tmp/compute-api.jar extract --destination /app \
    && rm /tmp/compute-api.jar
# A small service under the Helm chart's 768Mi limit: at most half of it heap (SerialGC: no GC
# threads or regions to pay for on one or two cores), C1 only (C2's compilations were most of
# start-up's CPU; a control plane's reads are bound by MySQL and the network, not by compiled code),
# smaller thread stacks. The heap is kept near what is live: a 24 MB young generation (requests'
# garbage dies young; a larger one only holds more of it resident between collections) and an old
# generation committed to 10-30% above its live objects instead of 40-70% (Serial's defaults), so
# resident memory after load follows the live set (about 90 MB) rather than the ceiling.
# The old generation starts at what start-up fills anyway (-Xms112m: 24 MB young + 88 MB old, about
# the heap committed after B1's reads) and the metaspace's first collection trigger above what
# start-up loads (-XX:MetaspaceSize=64m, a threshold, not a reservation): from the JVM's default
# start (an 8 MB heap) start-up ran 11 full collections before /health that freed nothing (each
# only grew the old generation by its 10% minimum free), 0.7 s of the main thread's time.
# bench/ reads this line: the service alone (B6) runs with exactly these flags.
ENV JAVA_OPTS="-XX:+UseSerialGC -XX:MaxRAMPercentage=50 -Xms112m -Xmn24m -XX:MetaspaceSize=64m -XX:MinHeapFreeRatio=10 -XX:MaxHeapFreeRatio=30 -XX:TieredStopAtLevel=1 -Xss512k"
# Spring AOT (README, "Spring AOT"): the service starts from the context generated when the jar
# was built, without parsing configuration classes or evaluating conditions. The settings that
# decide which beans exist were fixed then; a start that sets one of those README lists otherwise
# stops, naming it.
# SPRING_AOT_ENABLED=false starts the usual way (the Helm chart does so when it turns trace export
# on). bench/ reads this line too.
ENV SPRING_AOT_ENABLED=true
# Training run: the context refreshed once without a database (profile cds-training) and the
# classes it loaded archived, so that start-up maps them instead of loading and verifying them.
# It first loads, without initialising, the classes a real start loads that the refresh alone
# never reaches (compute.cds.training: the driver's, Flyway's, fabric8's HTTP client's...).
RUN java $JAVA_OPTS -Dspring.aot.enabled=$SPRING_AOT_ENABLED \
    -XX:ArchiveClassesAtExit=/app/compute-api.jsa -Dspring.context.exit=onRefresh \
    -Dcompute.cds.training=true \
    -jar /app/compute-api.jar --spring.profiles.active=cds-training --spring.main.banner-mode=off
USER 10001
EXPOSE 8000
ENTRYPOINT ["sh", "-c", "exec java $JAVA_OPTS -Dspring.aot.enabled=${SPRING_AOT_ENABLED:-true} -XX:SharedArchiveFile=/app/compute-api.jsa -jar /app/compute-api.jar"]
