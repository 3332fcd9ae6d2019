using System.Net;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace NanoBanana.Sdk.Emulator.Tests;

public sealed class BatchTests
{
    private const string BatchType = "type.googleapis.com/google.ai.generativelanguage.v1main.GenerateContentBatch";
    private const string OutputType = "type.googleapis.com/google.ai.generativelanguage.v1main.GenerateContentBatchOutput";

    [Fact]
    public async Task Inline_batch_goes_pending_running_succeeded_on_the_fake_clock()
    {
        await using var env = await BatchClient.StartAsync();
        var (emulator, http, time) = (env.Emulator, env.Http, env.Time);

        var body = BatchClient.InlineBody("catalog-2026-11",
            ("sku-001", BatchClient.Request("a red banana", "2K", "16:9")),
            ("sku-002", BatchClient.Request("a blue banana")),
            ("sku-003", BatchClient.Request("a green banana", "1K", "3:4")));
        var (created, pending) = await BatchClient.CreateAsync(http, body);

        Assert.Equal(HttpStatusCode.OK, created.StatusCode);
        var name = pending.GetProperty("name").GetString()!;
        Assert.Matches("^batches/[a-z0-9]+$", name);
        var metadata = pending.GetProperty("metadata");
        Assert.Equal(BatchType, metadata.GetProperty("@type").GetString());
        Assert.Equal(name, metadata.GetProperty("name").GetString());
        Assert.Equal("models/" + BatchClient.Model, metadata.GetProperty("model").GetString());
        Assert.Equal("catalog-2026-11", metadata.GetProperty("displayName").GetString());
        Assert.Equal("BATCH_STATE_PENDING", BatchClient.State(pending));
        Assert.Equal("2026-11-23T08:00:00.000000000Z", metadata.GetProperty("createTime").GetString());
        Assert.Equal(metadata.GetProperty("createTime").GetString(), metadata.GetProperty("updateTime").GetString());
        Assert.Equal(3, BatchClient.Stat(pending, "requestCount"));
        Assert.Equal(3, BatchClient.Stat(pending, "pendingRequestCount"));
        Assert.False(metadata.GetProperty("batchStats").TryGetProperty("successfulRequestCount", out _));
        Assert.False(pending.TryGetProperty("done", out _));
        Assert.False(pending.TryGetProperty("response", out _));
        Assert.False(metadata.TryGetProperty("endTime", out _));

        time.Advance(TimeSpan.FromSeconds(10));
        var started = await BatchClient.GetOkAsync(http, name);
        Assert.Equal("BATCH_STATE_RUNNING", BatchClient.State(started));
        Assert.Equal(3, BatchClient.Stat(started, "pendingRequestCount"));

        time.Advance(TimeSpan.FromSeconds(10));
        var partway = await BatchClient.GetOkAsync(http, name);
        Assert.Equal("BATCH_STATE_RUNNING", BatchClient.State(partway));
        Assert.Equal(1, BatchClient.Stat(partway, "successfulRequestCount"));
        Assert.Equal(2, BatchClient.Stat(partway, "pendingRequestCount"));
        Assert.False(partway.TryGetProperty("done", out _));

        time.Advance(TimeSpan.FromSeconds(20));
        var done = await BatchClient.GetOkAsync(http, name);
        Assert.Equal("BATCH_STATE_SUCCEEDED", BatchClient.State(done));
        Assert.True(done.GetProperty("done").GetBoolean());
        Assert.Equal("2026-11-23T08:00:40.000000000Z", done.GetProperty("metadata").GetProperty("endTime").GetString());
        Assert.Equal(3, BatchClient.Stat(done, "requestCount"));
        Assert.Equal(3, BatchClient.Stat(done, "successfulRequestCount"));
        Assert.Equal(0, BatchClient.Stat(done, "pendingRequestCount"));
        Assert.Equal(0, BatchClient.Stat(done, "failedRequestCount"));

        var response = done.GetProperty("response");
        Assert.Equal(OutputType, response.GetProperty("@type").GetString());
        var results = response.GetProperty("inlinedResponses").GetProperty("inlinedResponses").EnumerateArray().ToList();
        Assert.Equal(["sku-001", "sku-002", "sku-003"], results.Select(r => r.GetProperty("metadata").GetProperty("key").GetString()));
        Assert.Equal((2752, 1536), Png.Validate(BatchClient.Image(results[0].GetProperty("response"))));
        Assert.Equal((1024, 1024), Png.Validate(BatchClient.Image(results[1].GetProperty("response"))));
        Assert.Equal((896, 1200), Png.Validate(BatchClient.Image(results[2].GetProperty("response"))));
        Assert.All(results, r => Assert.Equal("STOP", r.GetProperty("response").GetProperty("candidates")[0].GetProperty("finishReason").GetString()));
        Assert.All(results, r => Assert.True(r.GetProperty("response").GetProperty("usageMetadata").GetProperty("totalTokenCount").GetInt32() > 0));

        // @google/genai reads the results from metadata.output; the REST docs from response: both carry them.
        var output = done.GetProperty("metadata").GetProperty("output").GetProperty("inlinedResponses").GetProperty("inlinedResponses");
        Assert.Equal(results[1].GetRawText(), output[1].GetRawText());

        // Finished results are stable: polling again answers the same images.
        var again = await BatchClient.GetOkAsync(http, name);
        Assert.Equal(response.GetRawText(), again.GetProperty("response").GetRawText());
    }

    [Fact]
    public async Task File_based_batch_writes_a_jsonl_results_file_downloadable_with_alt_media()
    {
        await using var env = await BatchClient.StartAsync();
        var (emulator, http, time) = (env.Emulator, env.Http, env.Time);
        var input = await BatchClient.UploadAsync(http, BatchClient.Jsonl(
            ("row-1", BatchClient.Request("one")),
            ("row-2", BatchClient.Request("two", "2K", "1:1"))));
        var inputName = input.GetProperty("name").GetString()!;

        var body = new JsonObject
        {
            ["batch"] = new JsonObject { ["display_name"] = "from-file", ["input_config"] = new JsonObject { ["file_name"] = inputName } },
        }.ToJsonString();
        var (created, pending) = await BatchClient.CreateAsync(http, body);

        Assert.Equal(HttpStatusCode.OK, created.StatusCode);
        Assert.Equal(inputName, pending.GetProperty("metadata").GetProperty("inputConfig").GetProperty("fileName").GetString());
        Assert.Equal(2, BatchClient.Stat(pending, "requestCount"));
        var name = pending.GetProperty("name").GetString()!;

        time.Advance(TimeSpan.FromSeconds(40));
        var done = await BatchClient.GetOkAsync(http, name);

        Assert.Equal("BATCH_STATE_SUCCEEDED", BatchClient.State(done));
        var resultsName = done.GetProperty("response").GetProperty("responsesFile").GetString()!;
        Assert.Equal("files/batch-" + name["batches/".Length..], resultsName);
        Assert.Equal(resultsName, done.GetProperty("metadata").GetProperty("output").GetProperty("responsesFile").GetString());
        Assert.False(done.GetProperty("response").TryGetProperty("inlinedResponses", out _));

        var file = await BatchClient.GetOkAsync(http, resultsName);
        Assert.Equal("GENERATED", file.GetProperty("source").GetString());
        Assert.Equal("ACTIVE", file.GetProperty("state").GetString());
        Assert.EndsWith($"download/v1beta/{resultsName}:download?alt=media", file.GetProperty("downloadUri").GetString(), StringComparison.Ordinal);

        var jsonl = await BatchClient.DownloadAsync(http, resultsName);
        var lines = Encoding.UTF8.GetString(jsonl).Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(l => JsonDocument.Parse(l).RootElement).ToList();
        Assert.Equal(["row-1", "row-2"], lines.Select(l => l.GetProperty("key").GetString()));
        Assert.Equal((1024, 1024), Png.Validate(BatchClient.Image(lines[0].GetProperty("response"))));
        Assert.Equal((2048, 2048), Png.Validate(BatchClient.Image(lines[1].GetProperty("response"))));
        Assert.Equal(long.Parse(file.GetProperty("sizeBytes").GetString()!, System.Globalization.CultureInfo.InvariantCulture), jsonl.Length);

        // @google/genai downloads from /v1beta/files/{id}:download; the REST docs from /download/v1beta/…: same bytes.
        Assert.Equal(jsonl, await BatchClient.DownloadAsync(http, resultsName, prefix: "v1beta/"));
    }

    [Fact]
    public async Task Items_fail_inside_a_succeeded_batch_by_invalid_request_or_scripted_fault()
    {
        await using var env = await BatchClient.StartAsync();
        var (emulator, http, time) = (env.Emulator, env.Http, env.Time);
        emulator.Faults.Enqueue(new FaultRule
        {
            Match = FaultMatch.Where(r => r.Surface == FaultRequest.BatchItem && r.Key == "c"),
            Fault = Fault.Status(429, message: "Resource has been exhausted (e.g. check quota)."),
        });
        emulator.Faults.Enqueue(new FaultRule
        {
            Match = FaultMatch.Where(r => r.Surface == FaultRequest.BatchItem && r.Key == "d"),
            Fault = Fault.FinishReason("IMAGE_SAFETY"),
        });

        var (_, pending) = await BatchClient.CreateAsync(http, BatchClient.InlineBody("mixed",
            ("a", BatchClient.Request()),
            ("b", BatchClient.Request(size: "3K")),
            ("c", BatchClient.Request()),
            ("d", BatchClient.Request())));
        time.Advance(TimeSpan.FromMinutes(1));
        var done = await BatchClient.GetOkAsync(http, pending.GetProperty("name").GetString()!);

        Assert.Equal("BATCH_STATE_SUCCEEDED", BatchClient.State(done));
        Assert.Equal(4, BatchClient.Stat(done, "requestCount"));
        Assert.Equal(2, BatchClient.Stat(done, "successfulRequestCount"));
        Assert.Equal(2, BatchClient.Stat(done, "failedRequestCount"));
        Assert.Equal(0, emulator.Faults.PendingCount);

        var results = done.GetProperty("response").GetProperty("inlinedResponses").GetProperty("inlinedResponses");
        Assert.Equal((1024, 1024), Png.Validate(BatchClient.Image(results[0].GetProperty("response"))));
        var invalid = results[1].GetProperty("error");
        Assert.False(results[1].TryGetProperty("response", out _));
        Assert.Equal(3, invalid.GetProperty("code").GetInt32()); // google.rpc.Code INVALID_ARGUMENT, not HTTP 400
        Assert.Contains("image_size", invalid.GetProperty("message").GetString(), StringComparison.Ordinal);
        Assert.Equal("b", results[1].GetProperty("metadata").GetProperty("key").GetString());
        var exhausted = results[2].GetProperty("error");
        Assert.Equal(8, exhausted.GetProperty("code").GetInt32()); // RESOURCE_EXHAUSTED
        Assert.Equal("Resource has been exhausted (e.g. check quota).", exhausted.GetProperty("message").GetString());
        var blocked = results[3].GetProperty("response").GetProperty("candidates")[0];
        Assert.Equal("IMAGE_SAFETY", blocked.GetProperty("finishReason").GetString());
        Assert.DoesNotContain(blocked.GetProperty("content").GetProperty("parts").EnumerateArray(),
            p => p.TryGetProperty("inlineData", out _) && !p.TryGetProperty("thought", out _));
    }

    [Fact]
    public async Task Failed_items_of_a_file_batch_are_error_lines_in_the_results_file()
    {
        await using var env = await BatchClient.StartAsync();
        var (emulator, http, time) = (env.Emulator, env.Http, env.Time);
        var input = await BatchClient.UploadAsync(http, BatchClient.Jsonl(
            ("ok", BatchClient.Request()),
            ("bad", JsonNode.Parse("""{"contents":[]}""")!)));
        var (_, pending) = await BatchClient.CreateAsync(http,
            BatchClient.FileBody("x", input.GetProperty("name").GetString()!));

        time.Advance(TimeSpan.FromSeconds(40));
        var done = await BatchClient.GetOkAsync(http, pending.GetProperty("name").GetString()!);
        var jsonl = await BatchClient.DownloadAsync(http, done.GetProperty("response").GetProperty("responsesFile").GetString()!);
        var lines = Encoding.UTF8.GetString(jsonl).Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(l => JsonDocument.Parse(l).RootElement).ToList();

        Assert.Equal(1, BatchClient.Stat(done, "successfulRequestCount"));
        Assert.Equal(1, BatchClient.Stat(done, "failedRequestCount"));
        Assert.True(lines[0].TryGetProperty("response", out _));
        Assert.Equal("bad", lines[1].GetProperty("key").GetString());
        Assert.Equal(3, lines[1].GetProperty("error").GetProperty("code").GetInt32());
        Assert.Contains("contents", lines[1].GetProperty("error").GetProperty("message").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Cancel_ends_a_running_batch_and_leaves_a_finished_one_alone()
    {
        await using var env = await BatchClient.StartAsync();
        var (emulator, http, time) = (env.Emulator, env.Http, env.Time);
        var (_, running) = await BatchClient.CreateAsync(http, BatchClient.InlineBody("to-cancel",
            ("a", BatchClient.Request()), ("b", BatchClient.Request()), ("c", BatchClient.Request())));
        var (_, finished) = await BatchClient.CreateAsync(http, BatchClient.InlineBody("to-finish", ("a", BatchClient.Request())));
        var runningName = running.GetProperty("name").GetString()!;
        var finishedName = finished.GetProperty("name").GetString()!;

        time.Advance(TimeSpan.FromSeconds(20)); // 10 s into running: 1 of 3 done
        var (cancelled, cancelJson) = await Client.SendAsync(http, Client.Post($"v1beta/{runningName}:cancel", string.Empty));
        time.Advance(TimeSpan.FromMinutes(5));
        var (lateCancel, _) = await Client.SendAsync(http, Client.Post($"v1beta/{finishedName}:cancel", string.Empty));
        var afterCancel = await BatchClient.GetOkAsync(http, runningName);
        var stillSucceeded = await BatchClient.GetOkAsync(http, finishedName);

        Assert.Equal(HttpStatusCode.OK, cancelled.StatusCode);
        Assert.Equal("{}", cancelJson.GetRawText());
        Assert.Equal("BATCH_STATE_CANCELLED", BatchClient.State(afterCancel));
        Assert.True(afterCancel.GetProperty("done").GetBoolean());
        Assert.Equal(1, afterCancel.GetProperty("error").GetProperty("code").GetInt32()); // google.rpc.Code CANCELLED
        Assert.False(afterCancel.TryGetProperty("response", out _));
        Assert.Equal("2026-11-23T08:00:20.000000000Z", afterCancel.GetProperty("metadata").GetProperty("endTime").GetString());
        Assert.Equal(1, BatchClient.Stat(afterCancel, "successfulRequestCount"));
        Assert.Equal(2, BatchClient.Stat(afterCancel, "pendingRequestCount"));
        Assert.Equal(HttpStatusCode.OK, lateCancel.StatusCode);
        Assert.Equal("BATCH_STATE_SUCCEEDED", BatchClient.State(stillSucceeded));
    }

    [Fact]
    public async Task A_batch_not_finished_within_its_expiration_expires()
    {
        await using var env = await BatchClient.StartAsync(o => o.BatchPendingDuration = TimeSpan.FromHours(50));
        var (emulator, http, time) = (env.Emulator, env.Http, env.Time);
        var (_, pending) = await BatchClient.CreateAsync(http, BatchClient.InlineBody("slow", ("a", BatchClient.Request())));
        var name = pending.GetProperty("name").GetString()!;

        time.Advance(TimeSpan.FromHours(47));
        var beforeExpiry = await BatchClient.GetOkAsync(http, name);
        time.Advance(TimeSpan.FromHours(1));
        var expired = await BatchClient.GetOkAsync(http, name);

        Assert.Equal("BATCH_STATE_PENDING", BatchClient.State(beforeExpiry));
        Assert.Equal("BATCH_STATE_EXPIRED", BatchClient.State(expired));
        Assert.True(expired.GetProperty("done").GetBoolean());
        Assert.Equal(4, expired.GetProperty("error").GetProperty("code").GetInt32()); // DEADLINE_EXCEEDED
        Assert.Equal("2026-11-25T08:00:00.000000000Z", expired.GetProperty("metadata").GetProperty("endTime").GetString());
        Assert.False(expired.TryGetProperty("response", out _));
    }

    [Fact]
    public async Task An_unreadable_input_file_fails_the_batch_when_it_starts()
    {
        await using var env = await BatchClient.StartAsync();
        var (emulator, http, time) = (env.Emulator, env.Http, env.Time);
        var input = await BatchClient.UploadAsync(http, Encoding.UTF8.GetBytes("{\"key\":\"a\",\"request\":{\"contents\":[{\"parts\":[{\"text\":\"x\"}]}]}}\nnot json\n"));
        emulator.Faults.Enqueue(new FaultRule { Match = FaultMatch.Surface(FaultRequest.BatchItem), Fault = Fault.Status(500) });
        var (created, pending) = await BatchClient.CreateAsync(http,
            BatchClient.FileBody("broken", input.GetProperty("name").GetString()!));

        time.Advance(TimeSpan.FromSeconds(10));
        var failed = await BatchClient.GetOkAsync(http, pending.GetProperty("name").GetString()!);

        Assert.Equal(HttpStatusCode.OK, created.StatusCode);
        Assert.Equal("BATCH_STATE_PENDING", BatchClient.State(pending));
        Assert.Equal("BATCH_STATE_FAILED", BatchClient.State(failed));
        Assert.True(failed.GetProperty("done").GetBoolean());
        var error = failed.GetProperty("error");
        Assert.Equal(3, error.GetProperty("code").GetInt32());
        Assert.Contains("line 2", error.GetProperty("message").GetString(), StringComparison.Ordinal);
        Assert.Equal(2, BatchClient.Stat(failed, "requestCount"));
        Assert.Equal(1, emulator.Faults.PendingCount); // a batch that fails as a whole admits no items
    }

    [Fact]
    public async Task Delete_forgets_the_batch()
    {
        await using var env = await BatchClient.StartAsync();
        var (emulator, http, time) = (env.Emulator, env.Http, env.Time);
        var (_, pending) = await BatchClient.CreateAsync(http, BatchClient.InlineBody("gone", ("a", BatchClient.Request())));
        var name = pending.GetProperty("name").GetString()!;

        var (deleted, deletedJson) = await Client.SendAsync(http, new HttpRequestMessage(HttpMethod.Delete, "v1beta/" + name) { Headers = { { "x-goog-api-key", Client.Key } } });
        var (get, getJson) = await BatchClient.GetAsync(http, name);
        var (again, againJson) = await Client.SendAsync(http, new HttpRequestMessage(HttpMethod.Delete, "v1beta/" + name) { Headers = { { "x-goog-api-key", Client.Key } } });

        Assert.Equal(HttpStatusCode.OK, deleted.StatusCode);
        Assert.Equal("{}", deletedJson.GetRawText());
        Client.AssertError(get, getJson, 404, "NOT_FOUND");
        Client.AssertError(again, againJson, 404, "NOT_FOUND");
    }

    [Fact]
    public async Task List_pages_the_projects_batches_newest_first()
    {
        await using var env = await BatchClient.StartAsync(o =>
        {
            o.ApiKeys[Client.Key] = "project-a";
            o.ApiKeys["other-key"] = "project-b";
        });
        var (emulator, http, time) = (env.Emulator, env.Http, env.Time);
        var names = new List<string>();
        for (var i = 0; i < 5; i++)
        {
            var (_, op) = await BatchClient.CreateAsync(http, BatchClient.InlineBody($"batch-{i}", ("a", BatchClient.Request())));
            names.Add(op.GetProperty("name").GetString()!);
            time.Advance(TimeSpan.FromSeconds(1));
        }

        await BatchClient.CreateAsync(http, BatchClient.InlineBody("someone-else", ("a", BatchClient.Request())), key: "other-key");

        var seen = new List<string>();
        var pages = 0;
        string? token = null;
        do
        {
            var (response, page) = await Client.SendAsync(http, Client.Get("v1beta/batches?pageSize=2" + (token is null ? string.Empty : "&pageToken=" + Uri.EscapeDataString(token))));
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            var operations = page.GetProperty("operations").EnumerateArray().ToList();
            Assert.InRange(operations.Count, 1, 2);
            Assert.All(operations, o => Assert.Equal("type.googleapis.com/google.ai.generativelanguage.v1main.GenerateContentBatch", o.GetProperty("metadata").GetProperty("@type").GetString()));
            seen.AddRange(operations.Select(o => o.GetProperty("name").GetString()!));
            token = page.TryGetProperty("nextPageToken", out var next) ? next.GetString() : null;
            pages++;
        }
        while (token is not null);

        Assert.Equal(3, pages);
        Assert.Equal(Enumerable.Reverse(names), seen);

        var (badToken, badJson) = await Client.SendAsync(http, Client.Get("v1beta/batches?pageToken=nonsense"));
        Client.AssertError(badToken, badJson, 400, "INVALID_ARGUMENT");
        var (_, other) = await Client.SendAsync(http, Client.Get("v1beta/batches", key: "other-key"));
        Assert.Single(other.GetProperty("operations").EnumerateArray());
        var (otherGet, otherJson) = await BatchClient.GetAsync(http, names[0], key: "other-key");
        Client.AssertError(otherGet, otherJson, 404, "NOT_FOUND");
    }

    [Theory]
    [InlineData("""{"batch":{"inputConfig":{"requests":{"requests":[{"request":{"contents":[{"parts":[{"text":"x"}]}]}}]}}}}""", "batch.display_name")]
    [InlineData("""{"batch":{"displayName":"x"}}""", "batch.input_config")]
    [InlineData("""{"batch":{"displayName":"x","inputConfig":{"fileName":"files/a","requests":{"requests":[{"request":{}}]}}}}""", "batch.input_config")]
    [InlineData("""{"batch":{"displayName":"x","inputConfig":{"requests":{"requests":[]}}}}""", "batch.input_config.requests.requests")]
    [InlineData("""{"batch":{"displayName":"x","inputConfig":{"requests":{"requests":[{"metadata":{"key":"a"}}]}}}}""", "batch.input_config.requests.requests[0].request")]
    [InlineData("""{"displayName":"x"}""", "batch")]
    public async Task Missing_required_fields_are_400_invalid_argument_naming_the_field(string body, string field)
    {
        await using var env = await BatchClient.StartAsync();
        var (emulator, http, time) = (env.Emulator, env.Http, env.Time);

        var (response, json) = await BatchClient.CreateAsync(http, body);

        Client.AssertError(response, json, 400, "INVALID_ARGUMENT");
        var violation = Client.Detail(json, "BadRequest").GetProperty("fieldViolations")[0];
        Assert.Equal(field, violation.GetProperty("field").GetString());
    }

    [Fact]
    public async Task Unknown_model_is_404_and_an_unknown_input_file_is_403_like_the_files_api()
    {
        await using var env = await BatchClient.StartAsync();
        var (emulator, http, time) = (env.Emulator, env.Http, env.Time);

        var (model, modelJson) = await BatchClient.CreateAsync(http, BatchClient.InlineBody("x", ("a", BatchClient.Request())), model: "gemini-9-image");
        var (file, fileJson) = await BatchClient.CreateAsync(http, """{"batch":{"displayName":"x","inputConfig":{"fileName":"files/nosuchfile"}}}""");

        Client.AssertError(model, modelJson, 404, "NOT_FOUND");
        Assert.Contains("batchGenerateContent", modelJson.GetProperty("error").GetProperty("message").GetString(), StringComparison.Ordinal);
        Client.AssertError(file, fileJson, 403, "PERMISSION_DENIED");
        Assert.Equal("You do not have permission to access the File nosuchfile or it may not exist.", fileJson.GetProperty("error").GetProperty("message").GetString());
    }

    [Fact]
    public async Task Service_tier_is_accepted_in_both_spellings_and_an_unknown_tier_fails_the_item()
    {
        await using var env = await BatchClient.StartAsync();
        var (emulator, http, time) = (env.Emulator, env.Http, env.Time);
        var camel = BatchClient.Request();
        camel["serviceTier"] = "standard";
        var snake = BatchClient.Request();
        snake["service_tier"] = "standard";
        var wrong = BatchClient.Request();
        wrong["serviceTier"] = "cheap";

        var (created, pending) = await BatchClient.CreateAsync(http, BatchClient.InlineBody("tiers", ("camel", camel), ("snake", snake), ("wrong", wrong)));
        time.Advance(TimeSpan.FromSeconds(40));
        var done = await BatchClient.GetOkAsync(http, pending.GetProperty("name").GetString()!);

        Assert.Equal(HttpStatusCode.OK, created.StatusCode);
        Assert.Equal(2, BatchClient.Stat(done, "successfulRequestCount"));
        var results = done.GetProperty("response").GetProperty("inlinedResponses").GetProperty("inlinedResponses");
        Assert.Contains("service_tier", results[2].GetProperty("error").GetProperty("message").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Every_batch_endpoint_needs_a_key()
    {
        await using var env = await BatchClient.StartAsync(o => o.ApiKeys[Client.Key] = "project-a");
        var (emulator, http, time) = (env.Emulator, env.Http, env.Time);
        var (_, op) = await BatchClient.CreateAsync(http, BatchClient.InlineBody("x", ("a", BatchClient.Request())));
        var name = op.GetProperty("name").GetString()!;

        var requests = new Func<string?, HttpRequestMessage>[]
        {
            key => Client.Post(BatchClient.BatchPath(), BatchClient.InlineBody("x", ("a", BatchClient.Request())), key),
            key => Client.Get("v1beta/" + name, key),
            key => Client.Get("v1beta/batches", key),
            key => Client.Post($"v1beta/{name}:cancel", string.Empty, key),
            key =>
            {
                var request = new HttpRequestMessage(HttpMethod.Delete, "v1beta/" + name);
                if (key is not null)
                {
                    request.Headers.Add("x-goog-api-key", key);
                }

                return request;
            },
        };
        foreach (var request in requests)
        {
            var (missing, missingJson) = await Client.SendAsync(http, request(null));
            var (invalid, invalidJson) = await Client.SendAsync(http, request("wrong-key"));
            Client.AssertError(missing, missingJson, 403, "PERMISSION_DENIED");
            Client.AssertError(invalid, invalidJson, 400, "INVALID_ARGUMENT");
            Assert.Equal("API_KEY_INVALID", Client.Detail(invalidJson, "ErrorInfo").GetProperty("reason").GetString());
        }

        Assert.Equal("BATCH_STATE_PENDING", BatchClient.State(await BatchClient.GetOkAsync(http, name)));
    }

    [Fact]
    public async Task Create_plays_faults_and_counts_against_the_project_quota()
    {
        await using var env = await BatchClient.StartAsync(o => o.QuotaLimits.Add(new QuotaLimit { Project = NanoBananaEmulatorOptions.DefaultProject, RequestsPerMinute = 1 }));
        var (emulator, http, time) = (env.Emulator, env.Http, env.Time);
        emulator.Faults.Enqueue(new FaultRule { Match = FaultMatch.Surface(FaultRequest.BatchGenerateContent), Fault = Fault.Status(503) });
        var body = BatchClient.InlineBody("x", ("a", BatchClient.Request()));

        var (faulted, faultedJson) = await BatchClient.CreateAsync(http, body);
        var (ok, _) = await BatchClient.CreateAsync(http, body);
        var (limited, limitedJson) = await BatchClient.CreateAsync(http, body);
        var (_, list) = await Client.SendAsync(http, Client.Get("v1beta/batches"));

        Client.AssertError(faulted, faultedJson, 503, "UNAVAILABLE");
        Assert.Equal(HttpStatusCode.OK, ok.StatusCode);
        Client.AssertError(limited, limitedJson, 429, "RESOURCE_EXHAUSTED");
        Assert.Single(list.GetProperty("operations").EnumerateArray());
    }

    [Fact]
    public async Task Batch_requests_are_journaled()
    {
        await using var env = await BatchClient.StartAsync();
        var (emulator, http, time) = (env.Emulator, env.Http, env.Time);

        await BatchClient.CreateAsync(http, BatchClient.InlineBody("journaled", ("a", BatchClient.Request())));

        var entry = Assert.Single(emulator.Journal.Entries);
        Assert.Equal("/" + BatchClient.BatchPath(), entry.Path);
        Assert.Equal(200, entry.Status);
        Assert.Contains("journaled", entry.Body, StringComparison.Ordinal);
        Assert.Equal("***", entry.Headers["x-goog-api-key"]);
    }

    [Theory]
    [InlineData("BatchPendingDuration")]
    [InlineData("BatchRunningDuration")]
    [InlineData("BatchExpiration")]
    [InlineData("FileLifetime")]
    public async Task Negative_durations_are_rejected_at_start_naming_the_option(string option)
    {
        var options = new NanoBananaEmulatorOptions();
        typeof(NanoBananaEmulatorOptions).GetProperty(option)!.SetValue(options, TimeSpan.FromSeconds(-1));

        var error = await Assert.ThrowsAsync<ArgumentException>(() => NanoBananaEmulator.StartAsync(options, CancellationToken.None));

        Assert.Equal("options", error.ParamName);
        Assert.StartsWith(option + " must be ", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Zero_durations_finish_a_batch_in_its_create_answer()
    {
        await using var env = await BatchClient.StartAsync(o =>
        {
            o.BatchPendingDuration = TimeSpan.Zero;
            o.BatchRunningDuration = TimeSpan.Zero;
        });

        var (_, created) = await BatchClient.CreateAsync(env.Http, BatchClient.InlineBody("instant", ("a", BatchClient.Request())));

        Assert.Equal("BATCH_STATE_SUCCEEDED", BatchClient.State(created));
        Assert.True(created.GetProperty("done").GetBoolean());
        Assert.Single(created.GetProperty("response").GetProperty("inlinedResponses").GetProperty("inlinedResponses").EnumerateArray());
    }

    [Fact]
    public async Task Concurrent_polls_of_a_finished_batch_see_the_same_results()
    {
        await using var env = await BatchClient.StartAsync();
        var input = await BatchClient.UploadAsync(env.Http, BatchClient.Jsonl(("a", BatchClient.Request()), ("b", BatchClient.Request())));
        var (_, fileBatch) = await BatchClient.CreateAsync(env.Http, BatchClient.FileBody("parallel", input.GetProperty("name").GetString()!));
        var (_, inlineBatch) = await BatchClient.CreateAsync(env.Http, BatchClient.InlineBody("parallel-inline", ("a", BatchClient.Request())));
        env.Time.Advance(TimeSpan.FromMinutes(1));

        var polls = await Task.WhenAll(Enumerable.Range(0, 16).Select(i =>
            BatchClient.GetOkAsync(env.Http, (i % 2 == 0 ? fileBatch : inlineBatch).GetProperty("name").GetString()!)));
        var resultsFile = polls[0].GetProperty("response").GetProperty("responsesFile").GetString()!;
        var downloads = await Task.WhenAll(Enumerable.Range(0, 4).Select(_ => BatchClient.DownloadAsync(env.Http, resultsFile)));

        // Each answer carries a fresh responseId, so identical bodies mean the results were generated once.
        Assert.Single(polls.Where((_, i) => i % 2 == 1).Select(p => p.GetProperty("response").GetRawText()).Distinct());
        Assert.Single(downloads.Select(Convert.ToBase64String).Distinct());
        Assert.Equal(2, Encoding.UTF8.GetString(downloads[0]).Split('\n', StringSplitOptions.RemoveEmptyEntries).Length);
    }
}
