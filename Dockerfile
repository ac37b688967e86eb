# Builds the server image used by docker-compose.yml.
FROM maven:3.9-eclipse-temurin-17 AS build
WORKDIR /src
COPY pom.xml .
COPY src ./src
RUN mvn -B -q package -DskipTests -Dspotless.check.skip=true

FROM eclipse-temurin:17-jre
RUN useradd --system --home /var/lib/yizhan yizhan && mkdir -p /var/lib/yizhan && chown yizhan /var/lib/yizhan
COPY --from=build /src/target/yizhan-*-all.jar /opt/yizhan/yizhan.jar
USER yizhan
WORKDIR /var/lib/yizhan
EXPOSE 8080 1883
ENTRYPOINT ["java", "-XX:MaxRAMPercentage=75", "-jar", "/opt/yizhan/yizhan.jar"]
