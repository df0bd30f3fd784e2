"""A fast loopback CodePipeline stub for the benchmark: canned awsJson1.1
responses chosen by X-Amz-Target (and nextToken for list-pipelines pages).

    python3 bench/stub.py PORT
"""
import json
import socket
import sys
import threading

PAGES = 100
PER_PAGE = 100


def pipelines_page(index):
    items = [
        {
            "name": f"pipeline-{index * PER_PAGE + i:05d}",
            "version": 3,
            "pipelineType": "V2",
            "executionMode": "QUEUED",
            "created": 1704164645.25,
            "updated": 1704250000.5,
        }
        for i in range(PER_PAGE)
    ]
    body = {"pipelines": items}
    if index + 1 < PAGES:
        body["nextToken"] = f"page-{index + 1}"
    return json.dumps(body).encode()


def big_pipeline():
    stages = []
    for s in range(50):
        stages.append({
            "name": f"Stage-{s:02d}",
            "actions": [{
                "name": f"Action-{s:02d}-{a}",
                "actionTypeId": {"category": "Build" if s else "Source", "owner": "AWS",
                                 "provider": "CodeBuild" if s else "S3", "version": "1"},
                "runOrder": a + 1,
                "configuration": {"ProjectName": f"project-{s}-{a}", "PrimarySource": "SourceOutput"},
                "inputArtifacts": [{"name": "SourceOutput"}] if s else [],
                "outputArtifacts": [{"name": f"Out{s}x{a}"}],
                "region": "us-east-1",
            } for a in range(3)],
        })
    return json.dumps({
        "pipeline": {"name": "big", "roleArn": "arn:aws:iam::123456789012:role/r",
                     "artifactStore": {"type": "S3", "location": "bucket"},
                     "stages": stages, "version": 7, "pipelineType": "V2"},
        "metadata": {"pipelineArn": "arn:aws:codepipeline:us-east-1:123456789012:big",
                     "created": 1704164645.25, "updated": 1704250000.5},
    }).encode()


FIRST_PAGE_ONLY = json.dumps({"pipelines": json.loads(pipelines_page(0))["pipelines"][:20]}).encode()
PAGE_BODIES = [pipelines_page(i) for i in range(PAGES)]
BIG = big_pipeline()


def answer(target, body):
    if target.endswith(".GetPipeline"):
        return BIG
    if target.endswith(".ListPipelines"):
        request = json.loads(body or b"{}")
        token = request.get("nextToken")
        if request.get("maxResults") == 20:
            return FIRST_PAGE_ONLY
        index = int(token.split("-")[1]) if token else 0
        return PAGE_BODIES[index]
    return b"{}"


def serve(conn):
    with conn:
        data = b""
        while True:
            while b"\r\n\r\n" not in data:
                chunk = conn.recv(65536)
                if not chunk:
                    return
                data += chunk
            head, _, rest = data.partition(b"\r\n\r\n")
            headers = {}
            for line in head.split(b"\r\n")[1:]:
                key, _, value = line.partition(b":")
                headers[key.strip().lower()] = value.strip()
            length = int(headers.get(b"content-length", b"0"))
            while len(rest) < length:
                rest += conn.recv(65536)
            body, data = rest[:length], rest[length:]
            reply = answer(headers.get(b"x-amz-target", b"").decode(), body)
            conn.sendall(b"HTTP/1.1 200 OK\r\nContent-Type: application/x-amz-json-1.1\r\n"
                         b"x-amzn-RequestId: bench\r\nContent-Length: " + str(len(reply)).encode() +
                         b"\r\n\r\n" + reply)


def main():
    server = socket.socket()
    server.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    server.bind(("127.0.0.1", int(sys.argv[1])))
    server.listen(64)
    while True:
        conn, _ = server.accept()
        conn.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
        threading.Thread(target=serve, args=(conn,), daemon=True).start()


if __name__ == "__main__":
    main()
