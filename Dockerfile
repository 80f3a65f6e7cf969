# streamstack in a container, for CI systems that run steps in containers:
#   docker build -t streamstack .
#   docker run --rm -v "$PWD:/work" -w /work -e AWS_ACCESS_KEY_ID -e AWS_SECRET_ACCESS_KEY \
#       -e AWS_SESSION_TOKEN streamstack plan stack.yaml
# The build stage compiles with the Swift runtime linked in; the runtime stage holds the
# binary and the two system libraries it loads (libcurl, libxml2), with CA certificates.
FROM swift:6.1-bookworm AS build
WORKDIR /src
RUN apt-get update -qq \
    && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq libcurl4-openssl-dev libxml2-dev zlib1g-dev \
    && rm -rf /var/lib/apt/lists/*
COPY Package.swift ./
COPY Sources ./Sources
COPY Tests ./Tests
COPY Benchmarks ./Benchmarks
RUN swift build -c release --static-swift-stdlib --product streamstack \
    && install -D -m 0755 "$(swift build -c release --static-swift-stdlib --show-bin-path)/streamstack" /out/streamstack \
    && strip /out/streamstack

FROM debian:bookworm-slim
RUN apt-get update -qq \
    && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends libcurl4 libxml2 ca-certificates \
    && rm -rf /var/lib/apt/lists/* \
    && useradd --create-home --uid 1000 streamstack
COPY --from=build /out/streamstack /usr/local/bin/streamstack
USER streamstack
ENTRYPOINT ["streamstack"]
