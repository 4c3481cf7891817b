# Production image of compute-api. Build the jar without the sandbox first:
#   ./mvnw -B package -DskipTests -Dsandbox.scope=test
FROM eclipse-temurin:17-jre
RUN useradd --system --uid 10001 compute
COPY compute-api/target/compute-api-*-exec.jar /app/compute-api.jar
USER 10001
EXPOSE 8000
ENTRYPOINT ["java", "-XX:MaxRAMPercentage=75", "-jar", "/app/compute-api.jar"]
