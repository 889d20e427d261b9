# The Shepherd worker (and CLI) image: built from this repository, run on a JRE.
#   docker build -t shepherd .
#   docker run --rm shepherd --help
FROM maven:3.9.9-eclipse-temurin-21 AS build
WORKDIR /src
COPY . .
RUN ./mvnw -B -q -DskipTests package -pl starter -am

FROM eclipse-temurin:21.0.5_11-jre
WORKDIR /app
COPY --from=build /src/starter/target/shepherd.jar /app/shepherd.jar
RUN useradd --system --uid 10001 shepherd
USER shepherd
ENTRYPOINT ["java", "-XX:MaxRAMPercentage=75", "-jar", "/app/shepherd.jar"]
CMD ["worker", "--provider", "aws", "--metrics-host", "0.0.0.0", "--metrics-port", "9464"]
