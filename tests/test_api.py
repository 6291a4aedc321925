"""`qa serve`: a real server subprocess on the seed index driven with the official `openai` client and plain
HTTP (auth on), the app in-process for auth off, CORS and schemathesis property tests over its OpenAPI schema."""
from __future__ import annotations

import http.client
import json
import shutil
import subprocess
import urllib.error
import urllib.request

import hypothesis
import openai
import pytest
import schemathesis
from fastapi.testclient import TestClient
from schemathesis import GenerationMode
from schemathesis.checks import not_a_server_error

from conftest import free_port, stop_group, wait_until_serving
from qa.api import create_app
from qa.conversation import Conversation
from qa.service import Service

KEY = "test-key-0123456789abcdef"
SIGNED = "Wie heeft de overeenkomst ondertekend?"
FOLLOW_UP = "En wie was daarbij aanwezig?"
SEED_ID = "nederland-zuid-korea-digitale-technologie.txt"


@pytest.fixture(scope="module")
def server(seed_pipeline, qa_command, qa_env, tmp_path_factory):
    """`qa serve` with an API key, on a free port, the seed index copied in; stopped with SIGTERM at the end."""
    base = tmp_path_factory.mktemp("serve")
    shutil.copytree(seed_pipeline.settings.index_dir, base / "index")
    settings = seed_pipeline.settings.replace(index_dir=base / "index", upload_dir=base / "uploads",
                                              feedback_file=base / "feedback.jsonl")
    port = free_port()
    env = qa_env(settings, QA_PORT=str(port), QA_HOST="127.0.0.1", QA_TEMP_DIR=str(base / "tmp"), QA_API_KEY=KEY)
    log_path = base / "serve.log"
    with open(log_path, "wb") as log:
        process = subprocess.Popen([*qa_command, "serve"], cwd=base, env=env, stdout=log, stderr=subprocess.STDOUT,
                                   start_new_session=True)
    url = f"http://127.0.0.1:{port}"
    wait_until_serving(process, url + "/health", log_path, 300, "qa serve")
    yield url
    stop_group(process)
    log = log_path.read_text(errors="replace")
    assert process.returncode == 0 and "Traceback" not in log, log[-3000:]


@pytest.fixture(scope="module")
def client(server):
    return openai.OpenAI(base_url=server + "/v1", api_key=KEY, max_retries=0, timeout=60)


def call(url: str, path: str, body: bytes | None = None, method: str | None = None, key: str | None = KEY,
         content_type: str = "application/json") -> tuple[int, dict]:
    """(status, JSON body) of one request with urllib."""
    headers = {"Content-Type": content_type, **({"Authorization": f"Bearer {key}"} if key else {})}
    request = urllib.request.Request(url + path, data=body, headers=headers, method=method)
    try:
        with urllib.request.urlopen(request, timeout=60) as response:
            return response.status, json.loads(response.read())
    except urllib.error.HTTPError as error:
        return error.code, json.loads(error.read())


def assert_cited(content: str, citations: list, documents) -> None:
    """A cited answer about the seed: markers [1]..[n] in the text, each citation an exact span of its document."""
    assert citations, content
    for number, citation in enumerate(citations, 1):
        assert f"[{number}]" in content
        text = documents[citation["doc_id"]].text
        assert text[citation["start"]:citation["end"]] == citation["sentence"]
        assert citation["paragraph"] >= 1 and citation["title"] and "verified" in citation


# --- the real server (auth on) ------------------------------------------------------------------------

def test_the_openai_client_gets_a_cited_answer(client, seed_pipeline):
    completion = client.chat.completions.create(model="qa", messages=[{"role": "user", "content": SIGNED}])
    content = completion.choices[0].message.content
    assert "Adriaansens" in content and completion.choices[0].finish_reason == "stop"
    assert_cited(content, completion.model_extra["citations"], seed_pipeline.index.documents)
    assert content == seed_pipeline.ask(SIGNED).text  # the library's own answer
    assert [m.id for m in client.models.list()] == ["qa"]


def test_streaming_gives_the_same_answer_and_citations_last(client, seed_pipeline):
    chunks = list(client.chat.completions.create(model="qa", messages=[{"role": "user", "content": SIGNED}],
                                                 stream=True))
    content = "".join(chunk.choices[0].delta.content or "" for chunk in chunks)
    assert len(chunks) > 3 and content == seed_pipeline.ask(SIGNED).text
    assert chunks[-1].choices[0].finish_reason == "stop"
    assert_cited(content, chunks[-1].model_extra["citations"], seed_pipeline.index.documents)


def test_the_messages_carry_the_history(client, seed_pipeline):
    conversation = Conversation()
    seed_pipeline.ask(SIGNED, conversation)
    expected = seed_pipeline.ask(FOLLOW_UP, conversation).text
    first = client.chat.completions.create(model="qa", messages=[{"role": "user", "content": SIGNED}])
    history = [{"role": "system", "content": "Be brief."}, {"role": "user", "content": SIGNED},
               {"role": "assistant", "content": first.choices[0].message.content}]
    follow_up = client.chat.completions.create(model="qa", messages=[*history, {"role": "user", "content": FOLLOW_UP}])
    assert follow_up.choices[0].message.content == expected


def test_auth_is_required_except_for_health(server, client):
    with pytest.raises(openai.AuthenticationError, match="API key"):
        openai.OpenAI(base_url=server + "/v1", api_key="wrong", max_retries=0).models.list()
    status, body = call(server, "/v1/documents", key=None)
    assert status == 401 and "Authorization: Bearer" in body["error"]["message"]
    status, health = call(server, "/health", key=None)
    assert status == 200 and health["index_loaded"] and health["documents"] == 1 and health["chunks"] > 1
    assert health["model"] == "e5-small-offline"


def test_bodies_and_questions_over_the_limits_are_refused_with_json(server):
    status, body = call(server, "/v1/search", json.dumps({"query": "x" * 300_000}).encode())
    assert status == 413 and "api_max_body_kb" in body["error"]["message"]
    status, body = call(server, "/v1/chat/completions",
                        json.dumps({"model": "qa", "messages": [{"role": "user", "content": "vraag " * 500}]}).encode())
    assert status == 422 and "2000" in body["error"]["message"]
    connection = http.client.HTTPConnection(server.removeprefix("http://"), timeout=30)  # no Content-Length
    connection.request("POST", "/v1/search", body=iter([b'{"query": "' + b"y" * 100_000] * 4 + [b'"}']),
                       headers={"Authorization": f"Bearer {KEY}", "Content-Type": "application/json"},
                       encode_chunked=True)
    response = connection.getresponse()
    assert response.status == 413 and "larger than" in json.loads(response.read())["error"]["message"]


def test_upload_search_and_remove_a_document(server, client):
    boundary = "qa-test-boundary"
    text = "The Zebra Project\n\nThe first corridor opened in March 2024 near Lake Naivasha.\n"
    form = (f"--{boundary}\r\nContent-Disposition: form-data; name=\"file\"; filename=\"zebra.txt\"\r\n"
            f"Content-Type: text/plain\r\n\r\n{text}\r\n--{boundary}--\r\n").encode()
    status, body = call(server, "/v1/documents", form, content_type=f"multipart/form-data; boundary={boundary}")
    assert status == 201 and body["documents"][0]["id"] == "uploads/zebra.txt"
    status, found = call(server, "/v1/search", json.dumps({"query": "first corridor Lake Naivasha", "k": 1}).encode())
    assert status == 200 and found["hits"][0]["doc_id"] == "uploads/zebra.txt"
    answer = client.chat.completions.create(model="qa", messages=[{"role": "user",
                                                                   "content": "When did the first corridor open?"}])
    assert "March 2024" in answer.choices[0].message.content
    assert call(server, "/v1/documents/uploads/zebra.txt", method="DELETE")[0] == 200
    assert call(server, "/v1/documents/uploads/zebra.txt", method="DELETE")[0] == 404
    status, body = call(server, f"/v1/documents/{SEED_ID}", method="DELETE")
    assert status == 403 and "only uploaded documents" in body["error"]["message"]
    assert [d["id"] for d in call(server, "/v1/documents")[1]["documents"]] == [SEED_ID]


def test_a_second_server_on_a_busy_port_says_so_in_one_line(server, qa_command, qa_env, seed_pipeline, tmp_path):
    port = server.rsplit(":", 1)[1]
    settings = seed_pipeline.settings.replace(upload_dir=tmp_path / "uploads")
    result = subprocess.run([*qa_command, "serve"], env=qa_env(settings, QA_PORT=port, QA_TEMP_DIR=str(tmp_path)),
                            cwd=tmp_path, capture_output=True, text=True, timeout=300)
    assert result.returncode == 2 and "Traceback" not in result.stderr
    assert f"qa serve: cannot serve on 127.0.0.1:{port}" in result.stderr and "QA_PORT" in result.stderr


# --- in-process (auth off) ------------------------------------------------------------------------------

@pytest.fixture
def api(own_seed_pipeline, tmp_path):
    return create_app(Service(own_seed_pipeline), staging_dir=tmp_path)


def test_without_a_key_no_auth_is_needed_and_errors_say_what_to_do(api):
    http = TestClient(api)
    assert http.get("/v1/documents").status_code == 200
    wrong_model = http.post("/v1/chat/completions", json={"model": "gpt-4o", "messages": [
        {"role": "user", "content": SIGNED}]})
    assert wrong_model.status_code == 404 and "use \"qa\"" in wrong_model.json()["error"]["message"]
    no_question = http.post("/v1/chat/completions", json={"model": "qa", "messages": [
        {"role": "assistant", "content": "Hello"}]})
    assert no_question.status_code == 422 and "last message" in no_question.json()["error"]["message"]
    not_json = http.post("/v1/search", content=b"{not json", headers={"Content-Type": "application/json"})
    assert not_json.status_code == 422 and "openapi.json" in not_json.json()["error"]["message"]
    assert http.get("/nowhere").json()["error"]["message"].startswith("No endpoint /nowhere")


def test_content_parts_are_read_like_plain_text(api, seed_pipeline):
    reply = TestClient(api).post("/v1/chat/completions", json={"model": "qa", "messages": [
        {"role": "user", "content": [{"type": "text", "text": SIGNED}]}]})
    assert reply.json()["choices"][0]["message"]["content"] == seed_pipeline.ask(SIGNED).text


def test_cors_is_off_by_default_and_allows_only_the_configured_origins(own_seed_pipeline, tmp_path):
    preflight = {"Origin": "https://intranet.example", "Access-Control-Request-Method": "POST"}
    closed = TestClient(create_app(Service(own_seed_pipeline))).options("/v1/search", headers=preflight)
    assert "access-control-allow-origin" not in closed.headers
    own_seed_pipeline.settings = own_seed_pipeline.settings.replace(cors_origins="https://intranet.example")
    opened = TestClient(create_app(Service(own_seed_pipeline))).options("/v1/search", headers=preflight)
    assert opened.headers["access-control-allow-origin"] == "https://intranet.example"


def test_the_schema_lists_every_endpoint(api):
    paths = TestClient(api).get("/openapi.json").json()["paths"]
    assert {"/health", "/v1/models", "/v1/chat/completions", "/v1/search", "/v1/documents",
            "/v1/documents/{doc_id}"} <= set(paths)


@pytest.mark.parametrize("mode", [GenerationMode.POSITIVE, GenerationMode.NEGATIVE])
def test_no_generated_request_gets_a_server_error(api, mode):
    """Requests generated from /openapi.json, valid ones and invalid ones, for every operation: never a 5xx.
    (Driven by hand: schemathesis' pytest fixture loader does not work with pytest 9.)"""
    schema = schemathesis.openapi.from_asgi("/openapi.json", api)
    operations = [result.ok() for result in schema.get_all_operations()]
    assert len(operations) == 7
    if mode is GenerationMode.NEGATIVE:  # invalid requests need inputs to get wrong
        operations = [op for op in operations if len(op.body) or len(op.path_parameters) or len(op.query)]
    for operation in operations:
        @hypothesis.given(case=operation.as_strategy(generation_mode=mode))
        @hypothesis.settings(max_examples=12, deadline=None, derandomize=True, database=None,
                             suppress_health_check=list(hypothesis.HealthCheck))
        def never_a_server_error(case):
            hypothesis.note(f"{case.method} {case.formatted_path}")
            case.call_and_validate(checks=[not_a_server_error])

        never_a_server_error()
