using System.Net;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using NanoBanana.Sdk.Errors;
using NanoBanana.Sdk.Pricing;
using NanoBanana.Sdk.Tests.Official;
using RichardSzalay.MockHttp;

namespace NanoBanana.Sdk.Tests.Batch;

public sealed class BatchRequestShapeTests
{
    private const string Key = OfficialTestKit.Key;
    private const string Base = OfficialTestKit.BaseUrl;
    private const string Model = "gemini-3.1-flash-image";
    private const string UploadUrl = Base + "/upload/v1beta/files?upload_id=abc123&upload_protocol=resumable";

    private static BatchImageClient Client(MockHttpMessageHandler handler, Action<BatchImageClientOptions>? configure = null)
    {
        var options = new BatchImageClientOptions { ApiKey = Key, Model = Model, EnvironmentVariables = _ => null };
        configure?.Invoke(options);
        return new BatchImageClient(options, handler.ToHttpClient());
    }

    private static string Operation(string state, string counters = "\"requestCount\": \"3\", \"pendingRequestCount\": \"3\"", string extra = "") => $$"""
        { "name": "batches/b1",
          "metadata": { "@type": "type.googleapis.com/google.ai.generativelanguage.v1main.GenerateContentBatch",
            "model": "models/{{Model}}", "displayName": "catalog", "inputConfig": { "fileName": "files/in1" },
            "createTime": "2026-08-20T10:00:00Z", "updateTime": "2026-08-20T10:05:00Z",
            "batchStats": { {{counters}} }, "state": "{{state}}", "name": "batches/b1" }{{extra}} }
        """;

    private static HttpResponseMessage Json(string json, HttpStatusCode status = HttpStatusCode.OK) =>
        new(status) { Content = new StringContent(json, Encoding.UTF8, "application/json") };

    private static IEnumerable<BatchImageItem> Items(params string[] keys) =>
        keys.Select(k => new BatchImageItem(k, new ImageRequest("banana " + k) { Size = ImageSize.TwoK, AspectRatio = AspectRatio.Parse("16:9") }));

    private static async Task<List<T>> Collect<T>(IAsyncEnumerable<T> items)
    {
        var list = new List<T>();
        await foreach (var item in items)
        {
            list.Add(item);
        }

        return list;
    }

    private static string Header(HttpRequestMessage request, string name) =>
        request.Headers.TryGetValues(name, out var values) ? string.Join(",", values) : "(none)";

    [Fact]
    public async Task A_file_job_starts_a_resumable_upload_sends_chunks_at_offsets_finalizes_and_creates_the_batch()
    {
        var handler = new MockHttpMessageHandler();
        var calls = new List<(HttpRequestMessage Request, byte[] Body)>();
        handler.When("*").Respond(async request =>
        {
            var body = request.Content is null ? [] : await request.Content.ReadAsByteArrayAsync();
            calls.Add((request, body));
            var command = Header(request, "X-Goog-Upload-Command");
            if (command == "start")
            {
                var answer = new HttpResponseMessage(HttpStatusCode.OK);
                answer.Headers.Add("X-Goog-Upload-URL", UploadUrl);
                answer.Headers.Add("X-Goog-Upload-Status", "active");
                return answer;
            }

            if (command == "upload")
            {
                var answer = new HttpResponseMessage(HttpStatusCode.OK);
                answer.Headers.Add("X-Goog-Upload-Status", "active");
                return answer;
            }

            if (command == "upload, finalize")
            {
                var answer = Json("""{"file": {"name": "files/in1", "mimeType": "application/jsonl"}}""");
                answer.Headers.Add("X-Goog-Upload-Status", "final");
                return answer;
            }

            return Json(Operation("BATCH_STATE_PENDING"));
        });
        using var client = Client(handler, o => o.UploadChunkBytes = 256);

        var job = await client.SubmitAsync(Items("sku-001", "sku-002", "sku-003"), new BatchSubmitOptions { DisplayName = "catalog" });

        var start = calls[0];
        Assert.Equal(HttpMethod.Post, start.Request.Method);
        Assert.Equal(Base + "/upload/v1beta/files", start.Request.RequestUri!.AbsoluteUri);
        Assert.Equal("resumable", Header(start.Request, "X-Goog-Upload-Protocol"));
        Assert.Equal("application/jsonl", Header(start.Request, "X-Goog-Upload-Header-Content-Type"));
        Assert.Equal("(none)", Header(start.Request, "X-Goog-Upload-Header-Content-Length"));
        Assert.Equal(Key, Header(start.Request, "x-goog-api-key"));
        Assert.Equal("catalog", JsonNode.Parse(start.Body)!["file"]!["displayName"]!.GetValue<string>());

        var chunks = calls.Skip(1).Take(calls.Count - 2).ToList();
        Assert.True(chunks.Count >= 3);
        long offset = 0;
        foreach (var (request, body) in chunks)
        {
            Assert.Equal(UploadUrl, request.RequestUri!.AbsoluteUri);
            Assert.Equal(offset.ToString(System.Globalization.CultureInfo.InvariantCulture), Header(request, "X-Goog-Upload-Offset"));
            offset += body.Length;
        }

        Assert.All(chunks.SkipLast(1), c => Assert.Equal(256, c.Body.Length));
        Assert.All(chunks.SkipLast(1), c => Assert.Equal("upload", Header(c.Request, "X-Goog-Upload-Command")));
        Assert.Equal("upload, finalize", Header(chunks[^1].Request, "X-Goog-Upload-Command"));

        var lines = Encoding.UTF8.GetString(chunks.SelectMany(c => c.Body).ToArray()).Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(3, lines.Length);
        var first = JsonNode.Parse(lines[0])!;
        Assert.Equal("sku-001", first["key"]!.GetValue<string>());
        Assert.Equal("banana sku-001", first["request"]!["contents"]![0]!["parts"]![0]!["text"]!.GetValue<string>());
        Assert.Equal("2K", first["request"]!["generationConfig"]!["imageConfig"]!["imageSize"]!.GetValue<string>());
        Assert.Equal("16:9", first["request"]!["generationConfig"]!["imageConfig"]!["aspectRatio"]!.GetValue<string>());
        Assert.Null(first["request"]!["serviceTier"]);

        var create = calls[^1];
        Assert.Equal(Base + $"/v1beta/models/{Model}:batchGenerateContent", create.Request.RequestUri!.AbsoluteUri);
        Assert.Equal("""{"batch":{"displayName":"catalog","inputConfig":{"fileName":"files/in1"}}}""", Encoding.UTF8.GetString(create.Body));
        Assert.Equal("batches/b1", job.Id);
        Assert.Equal(BatchJobState.Pending, job.State);
        Assert.Equal(new BatchJobStats(3, 0, 0, 3), job.Stats);
        Assert.Equal(new DateTimeOffset(2026, 8, 20, 10, 0, 0, TimeSpan.Zero), job.CreateTime);
    }

    [Fact]
    public async Task A_lost_finalize_answer_is_recovered_with_query_and_the_job_is_created_once()
    {
        var handler = new MockHttpMessageHandler();
        var commands = new List<string>();
        handler.When("*").Respond(request =>
        {
            var command = Header(request, "X-Goog-Upload-Command");
            commands.Add(command);
            switch (command)
            {
                case "start":
                    var started = new HttpResponseMessage(HttpStatusCode.OK);
                    started.Headers.Add("X-Goog-Upload-URL", UploadUrl);
                    return started;
                case "upload, finalize":
                    throw new HttpRequestException("connection reset");
                case "query":
                    var final = Json("""{"file": {"name": "files/in9"}}""");
                    final.Headers.Add("X-Goog-Upload-Status", "final");
                    final.Headers.Add("X-Goog-Upload-Size-Received", "999");
                    return final;
                default:
                    return Json(Operation("BATCH_STATE_PENDING"));
            }
        });
        using var client = Client(handler);

        var job = await client.SubmitAsync(Items("a"));

        Assert.Equal(["start", "upload, finalize", "query", "(none)"], commands);
        Assert.Equal("batches/b1", job.Id);
    }

    [Fact]
    public async Task An_upload_url_on_another_origin_is_refused_before_the_key_is_sent_there()
    {
        var handler = new MockHttpMessageHandler();
        handler.When(Base + "/upload/v1beta/files").Respond(_ =>
        {
            var answer = new HttpResponseMessage(HttpStatusCode.OK);
            answer.Headers.Add("X-Goog-Upload-URL", "https://evil.example/upload?upload_id=1");
            return answer;
        });
        using var client = Client(handler);

        var error = await Assert.ThrowsAsync<MalformedResponseException>(() => client.SubmitAsync(Items("a")));

        Assert.Contains("evil.example", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_inline_job_sends_requests_with_metadata_keys()
    {
        var handler = new MockHttpMessageHandler();
        byte[]? sent = null;
        handler.Expect(HttpMethod.Post, Base + $"/v1beta/models/{Model}:batchGenerateContent").Respond(async request =>
        {
            sent = await request.Content!.ReadAsByteArrayAsync();
            return Json(Operation("JOB_STATE_PENDING"));
        });
        using var client = Client(handler);

        await client.SubmitAsync(Items("a", "b"), new BatchSubmitOptions { Mode = BatchInputMode.Inline, DisplayName = "small" });

        var batch = JsonNode.Parse(sent!)!["batch"]!;
        Assert.Equal("small", batch["displayName"]!.GetValue<string>());
        var requests = batch["inputConfig"]!["requests"]!["requests"]!.AsArray();
        Assert.Equal(["a", "b"], requests.Select(r => r!["metadata"]!["key"]!.GetValue<string>()));
        Assert.Equal("banana b", requests[1]!["request"]!["contents"]![0]!["parts"]![0]!["text"]!.GetValue<string>());
        handler.VerifyNoOutstandingExpectation();
    }

    [Theory]
    [InlineData("BATCH_STATE_PENDING", BatchJobState.Pending, false)]
    [InlineData("JOB_STATE_PENDING", BatchJobState.Pending, false)]
    [InlineData("BATCH_STATE_RUNNING", BatchJobState.Running, false)]
    [InlineData("JOB_STATE_RUNNING", BatchJobState.Running, false)]
    [InlineData("BATCH_STATE_SUCCEEDED", BatchJobState.Succeeded, true)]
    [InlineData("JOB_STATE_SUCCEEDED", BatchJobState.Succeeded, true)]
    [InlineData("BATCH_STATE_FAILED", BatchJobState.Failed, true)]
    [InlineData("JOB_STATE_FAILED", BatchJobState.Failed, true)]
    [InlineData("BATCH_STATE_CANCELLED", BatchJobState.Cancelled, true)]
    [InlineData("JOB_STATE_CANCELLED", BatchJobState.Cancelled, true)]
    [InlineData("BATCH_STATE_EXPIRED", BatchJobState.Expired, true)]
    [InlineData("JOB_STATE_EXPIRED", BatchJobState.Expired, true)]
    [InlineData("BATCH_STATE_UNSPECIFIED", BatchJobState.Unknown, false)]
    [InlineData("BATCH_STATE_PAUSED_FOR_A_NEW_REASON", BatchJobState.Unknown, false)]
    public async Task Get_reads_every_state_spelling_and_an_unknown_one_is_not_finished(string wire, BatchJobState state, bool completed)
    {
        var handler = new MockHttpMessageHandler();
        handler.Expect(HttpMethod.Get, Base + "/v1beta/batches/b1").WithHeaders("x-goog-api-key", Key).Respond(_ => Json(Operation(wire)));
        using var client = Client(handler);

        var job = await client.GetJobAsync("batches/b1");

        Assert.Equal(state, job.State);
        Assert.Equal(wire, job.RawState);
        Assert.Equal(completed, job.HasCompleted);
    }

    [Fact]
    public async Task Counters_are_int64_strings_with_zeros_omitted_and_a_finished_job_names_its_results_file()
    {
        var handler = new MockHttpMessageHandler();
        handler.When(Base + "/v1beta/batches/b1").Respond(_ => Json(Operation(
            "BATCH_STATE_SUCCEEDED", "\"requestCount\": \"9000000000\", \"successfulRequestCount\": \"8999999999\", \"failedRequestCount\": \"1\"",
            """, "done": true, "response": {"@type": "type.googleapis.com/google.ai.generativelanguage.v1main.GenerateContentBatchOutput", "responsesFile": "files/batch-b1"}""")));
        using var client = Client(handler);

        var job = await client.GetJobAsync("b1");

        Assert.Equal(new BatchJobStats(9_000_000_000, 8_999_999_999, 1, 0), job.Stats);
        Assert.Equal("files/batch-b1", job.ResultsFile);
        Assert.Equal(BatchInputMode.File, job.InputMode);
    }

    [Fact]
    public async Task A_failed_job_carries_its_error_classified_from_the_rpc_code()
    {
        var handler = new MockHttpMessageHandler();
        handler.When(Base + "/v1beta/batches/b1").Respond(_ => Json(Operation(
            "BATCH_STATE_FAILED", "\"requestCount\": \"1\"", """, "done": true, "error": {"code": 8, "message": "quota"}""")));
        using var client = Client(handler);

        var job = await client.GetJobAsync("b1");

        Assert.Equal(8, job.Error!.RpcCode);
        Assert.Equal(429, job.Error.StatusCode);
        Assert.Equal("RESOURCE_EXHAUSTED", job.Error.ServiceStatus);
        Assert.Equal(ErrorOwner.QuotaAndTrafficShape, job.Error.Owner);
    }

    [Fact]
    public async Task List_follows_page_tokens_over_the_operations_key()
    {
        var handler = new MockHttpMessageHandler();
        handler.Expect(Base + "/v1beta/batches?pageSize=1").Respond(_ => Json($$"""{"operations": [{{Operation("BATCH_STATE_RUNNING")}}], "nextPageToken": "t 2"}"""));
        handler.Expect(Base + "/v1beta/batches?pageSize=1&pageToken=t%202").Respond(_ => Json($$"""{"operations": [{{Operation("BATCH_STATE_SUCCEEDED").Replace("batches/b1", "batches/b2", StringComparison.Ordinal)}}]}"""));
        using var client = Client(handler);

        var jobs = await Collect(client.ListJobsAsync(pageSize: 1));

        Assert.Equal(["batches/b1", "batches/b2"], jobs.Select(j => j.Id));
        Assert.Equal([BatchJobState.Running, BatchJobState.Succeeded], jobs.Select(j => j.State));
        handler.VerifyNoOutstandingExpectation();
    }

    [Fact]
    public async Task Cancel_posts_to_the_cancel_method_and_delete_sends_delete()
    {
        var handler = new MockHttpMessageHandler();
        handler.Expect(HttpMethod.Get, Base + "/v1beta/batches/b1").Respond(_ => Json(Operation("BATCH_STATE_RUNNING")));
        handler.Expect(HttpMethod.Post, Base + "/v1beta/batches/b1:cancel").WithHeaders("x-goog-api-key", Key).Respond(_ => Json(string.Empty));
        handler.Expect(HttpMethod.Get, Base + "/v1beta/batches/b1").Respond(_ => Json(Operation("BATCH_STATE_CANCELLED", "\"requestCount\": \"3\"", """, "done": true, "error": {"code": 1, "message": "cancelled"}""")));
        handler.Expect(HttpMethod.Delete, Base + "/v1beta/batches/b1").Respond(_ => Json("{}"));
        using var client = Client(handler);

        var job = await client.GetJobAsync("batches/b1");
        await job.CancelAsync();
        await job.DeleteAsync();

        Assert.Equal(BatchJobState.Cancelled, job.State);
        Assert.Equal(1, job.Error!.RpcCode);
        Assert.Equal("CANCELLED", job.Error.ServiceStatus);
        handler.VerifyNoOutstandingExpectation();
    }

    [Fact]
    public async Task Results_fall_back_to_the_sdk_download_path_and_a_cut_download_resumes_with_a_range_request()
    {
        var lines = Encoding.UTF8.GetBytes(string.Concat(
            ResultLine("a", OfficialTestKit.Png(64, 64)),
            """{"key": "b", "error": {"code": 3, "message": "bad request"}}""" + "\n",
            ResultLine("c", OfficialTestKit.Png(32, 32))));
        var cut = Array.IndexOf(lines, (byte)'\n') + 40;
        var handler = new MockHttpMessageHandler(BackendDefinitionBehavior.Always);
        handler.When(Base + "/v1beta/batches/b1").Respond(_ => Json(Operation("BATCH_STATE_SUCCEEDED", "\"requestCount\": \"3\"",
            """, "done": true, "response": {"responsesFile": "files/batch-b1"}""")));
        handler.Expect(HttpMethod.Get, Base + "/download/v1beta/files/batch-b1:download?alt=media").Respond(_ => Json("""{"error": {"code": 404, "status": "NOT_FOUND"}}""", HttpStatusCode.NotFound));
        handler.Expect(HttpMethod.Get, Base + "/v1beta/files/batch-b1:download?alt=media")
            .Respond(_ => new HttpResponseMessage(HttpStatusCode.OK) { Content = new StreamContent(new CutStream(lines, cut)) });
        string? range = null;
        handler.Expect(HttpMethod.Get, Base + "/v1beta/files/batch-b1:download?alt=media").Respond(request =>
        {
            range = request.Headers.Range?.ToString();
            var from = (int)request.Headers.Range!.Ranges.First().From!.Value;
            var answer = new HttpResponseMessage(HttpStatusCode.PartialContent) { Content = new ByteArrayContent(lines[from..]) };
            answer.Content.Headers.ContentRange = new System.Net.Http.Headers.ContentRangeHeaderValue(from, lines.Length - 1, lines.Length);
            return answer;
        });
        using var client = Client(handler);
        var job = await client.GetJobAsync("b1");

        var results = await Collect(client.GetResultsAsync(job));

        Assert.Equal(["a", "b", "c"], results.Select(r => r.Key));
        Assert.Equal($"bytes={Array.IndexOf(lines, (byte)'\n') + 1}-", range);
        Assert.Equal((64, 64), results[0].Result!.Image.TryGetDimensions());
        Assert.Equal(ErrorKind.InvalidRequest, results[1].Error!.Kind);
        Assert.Equal(3, results[1].Error!.RpcCode);
        Assert.Equal((32, 32), results[2].Result!.Image.TryGetDimensions());
        Assert.Equal(PriceLane.GoogleBatch, results[2].Cost.Lane);
        Assert.Null(results[2].Result!.Latency);
        handler.VerifyNoOutstandingExpectation();
    }

    [Fact]
    public async Task An_item_is_priced_at_the_size_its_reported_image_tokens_show()
    {
        var line = new JsonObject { ["key"] = "big", ["response"] = JsonNode.Parse(OfficialTestKit.GenerateContentAnswer(OfficialTestKit.Png(8, 8), imageTokens: 2520)) }.ToJsonString() + "\n";
        var handler = new MockHttpMessageHandler();
        handler.When(Base + "/v1beta/batches/b1").Respond(_ => Json(Operation("BATCH_STATE_SUCCEEDED", "\"requestCount\": \"1\"",
            """, "done": true, "response": {"responsesFile": "files/batch-b1"}""")));
        handler.When(Base + "/download/v1beta/files/batch-b1:download?alt=media").Respond("application/jsonl", line);
        using var client = Client(handler);

        var item = Assert.Single(await Collect(client.GetResultsAsync(await client.GetJobAsync("b1"))));

        Assert.Equal(ImageSize.FourK, item.Cost.Size);
        Assert.True(item.Cost.Billable);
        Assert.Equal(BillingOutcome.Success, item.Cost.Outcome);
    }

    [Fact]
    public async Task Waiting_polls_through_an_unknown_state_with_backoff_on_the_injected_clock_and_is_cancellable()
    {
        var time = new Microsoft.Extensions.Time.Testing.FakeTimeProvider(new DateTimeOffset(2026, 11, 23, 8, 0, 0, TimeSpan.Zero));
        var polls = new List<DateTimeOffset>();
        var states = new Queue<string>(["BATCH_STATE_RUNNING", "BATCH_STATE_SOMETHING_NEW", "JOB_STATE_RUNNING", "JOB_STATE_SUCCEEDED"]);
        var handler = new MockHttpMessageHandler();
        handler.When(Base + "/v1beta/batches/b1").Respond(_ =>
        {
            polls.Add(time.GetUtcNow());
            return Json(Operation(states.Count > 1 ? states.Dequeue() : states.Peek()));
        });
        using var client = Client(handler, o =>
        {
            o.TimeProvider = time;
            o.PollInterval = TimeSpan.FromSeconds(10);
            o.MaxPollInterval = TimeSpan.FromSeconds(12);
        });
        var job = await client.GetJobAsync("b1");
        var progress = new List<BatchJobState>();

        var wait = job.WaitForCompletionAsync(new Reporter(p => progress.Add(p.State)));
        while (!wait.IsCompleted)
        {
            await Task.Delay(5);
            time.Advance(TimeSpan.FromSeconds(1));
        }

        Assert.Equal(BatchJobState.Succeeded, await wait);
        Assert.Equal([BatchJobState.Unknown, BatchJobState.Running, BatchJobState.Succeeded], progress);
        Assert.True(polls[2] - polls[1] >= TimeSpan.FromSeconds(10));
        Assert.True(polls[3] - polls[2] >= TimeSpan.FromSeconds(12));

        states.Clear();
        states.Enqueue("BATCH_STATE_RUNNING");
        using var stop = new CancellationTokenSource();
        var cancelled = job.WaitForCompletionAsync(null, stop.Token);
        await stop.CancelAsync();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => cancelled);
    }

    [Fact]
    public async Task Thought_images_are_skipped_and_the_final_image_is_the_result()
    {
        var thought = Convert.ToBase64String(OfficialTestKit.Png(16, 16));
        var final = Convert.ToBase64String(OfficialTestKit.Png(48, 48));
        var line = "{\"key\": \"t\", \"response\": {\"candidates\": [{\"content\": {\"parts\": [" +
            "{\"inlineData\": {\"mimeType\": \"image/png\", \"data\": \"" + thought + "\"}, \"thought\": true}," +
            "{\"inlineData\": {\"mimeType\": \"image/png\", \"data\": \"" + final + "\"}}]}, \"finishReason\": \"STOP\"}]}}\n";
        var handler = new MockHttpMessageHandler();
        handler.When(Base + "/v1beta/batches/b1").Respond(_ => Json(Operation("BATCH_STATE_SUCCEEDED", "\"requestCount\": \"1\"",
            """, "done": true, "response": {"responsesFile": "files/batch-b1"}""")));
        handler.When(Base + "/download/v1beta/files/batch-b1:download?alt=media").Respond("application/jsonl", line);
        using var client = Client(handler);

        var item = Assert.Single(await Collect(client.GetResultsAsync(await client.GetJobAsync("b1"))));

        Assert.Equal((48, 48), Assert.Single(item.Result!.Images).TryGetDimensions());
    }

    private sealed class Reporter(Action<BatchJobProgress> report) : IProgress<BatchJobProgress>
    {
        public void Report(BatchJobProgress value) => report(value);
    }

    [Fact]
    public async Task A_download_broken_right_after_the_last_line_ends_cleanly_on_416()
    {
        var lines = Encoding.UTF8.GetBytes(ResultLine("a", OfficialTestKit.Png(8, 8)));
        var handler = new MockHttpMessageHandler(BackendDefinitionBehavior.Always);
        handler.When(Base + "/v1beta/batches/b1").Respond(_ => Json(Operation("BATCH_STATE_SUCCEEDED", "\"requestCount\": \"1\"",
            """, "done": true, "response": {"responsesFile": "files/batch-b1"}""")));
        handler.Expect(Base + "/download/v1beta/files/batch-b1:download?alt=media")
            .Respond(_ => new HttpResponseMessage(HttpStatusCode.OK) { Content = new StreamContent(new CutStream(lines, lines.Length)) });
        handler.Expect(Base + "/download/v1beta/files/batch-b1:download?alt=media").WithHeaders("Range", $"bytes={lines.Length}-")
            .Respond(_ => Json("""{"error": {"code": 416, "message": "range"}}""", HttpStatusCode.RequestedRangeNotSatisfiable));
        using var client = Client(handler);

        var items = await Collect(client.GetResultsAsync(await client.GetJobAsync("b1")));

        Assert.Equal(["a"], items.Select(i => i.Key));
        handler.VerifyNoOutstandingExpectation();
    }

    [Fact]
    public async Task Items_are_validated_before_anything_is_sent()
    {
        var handler = new MockHttpMessageHandler();
        handler.Fallback.Throw(new InvalidOperationException("nothing may be sent for an invalid job"));
        using var client = Client(handler);

        await Assert.ThrowsAsync<ArgumentException>(() => client.SubmitAsync(Items("a", "a")));
        await Assert.ThrowsAsync<ArgumentException>(() => client.SubmitAsync(Items(" ")));
        await Assert.ThrowsAsync<ArgumentException>(() => client.SubmitAsync(Array.Empty<BatchImageItem>()));
        await Assert.ThrowsAsync<ArgumentException>(() => client.SubmitAsync([new BatchImageItem("a", new ImageRequest("x") { Model = "gemini-3-pro-image" })]));
        await Assert.ThrowsAsync<ArgumentException>(() => client.SubmitAsync([new BatchImageItem("a", new ImageRequest("x") { ImageCount = 2 })]));
        await Assert.ThrowsAsync<ArgumentException>(() => client.SubmitAsync([new BatchImageItem("a", new ImageRequest("x") { Google = new GoogleImageOptions { ServiceTier = ServiceTier.Flex } })]));
    }

    [Fact]
    public void The_estimate_prices_items_at_the_batch_rate_by_size()
    {
        using var client = Client(new MockHttpMessageHandler());
        var items = Items("a", "b").Concat([new BatchImageItem("c", new ImageRequest("x") { Size = ImageSize.OneK })]);

        var estimate = client.Estimate(items);

        Assert.Equal(3, estimate.ItemCount);
        Assert.Equal(2, estimate.Lines.Count);
        Assert.All(estimate.Lines, l => Assert.Equal(PriceLane.GoogleBatch, l.Lane));
        Assert.Equal(estimate.Lines.Sum(l => l.TotalUsd), estimate.TotalUsd);
        Assert.Equal(2 * 0.0504m + 0.0336m, estimate.TotalUsd!.Value, 3);
    }

    [Fact]
    public void Options_report_every_invalid_batch_setting()
    {
        var options = new BatchImageClientOptions { ApiKey = Key, PollInterval = TimeSpan.Zero, InlineLimitBytes = 0, EnvironmentVariables = _ => null };

        var failures = options.Validate();

        Assert.Contains(failures, f => f.Contains("PollInterval", StringComparison.Ordinal));
        Assert.Contains(failures, f => f.Contains("InlineLimitBytes", StringComparison.Ordinal));
    }

    private static string ResultLine(string key, byte[] image) =>
        new JsonObject { ["key"] = key, ["response"] = JsonNode.Parse(OfficialTestKit.GenerateContentAnswer(image)) }.ToJsonString() + "\n";

    /// <summary>A body that breaks (as a reset connection does) after <c>cut</c> bytes.</summary>
    private sealed class CutStream(byte[] bytes, int cut) : MemoryStream(bytes)
    {
        public override int Read(byte[] buffer, int offset, int count) => Position >= cut ? throw new IOException("connection reset") : base.Read(buffer, offset, (int)Math.Min(count, cut - Position));

        public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) => Task.FromResult(Read(buffer, offset, count));

        public override ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken) =>
            Position >= cut ? throw new IOException("connection reset") : base.ReadAsync(buffer[..(int)Math.Min(buffer.Length, cut - Position)], cancellationToken);
    }

    [Fact]
    public async Task A_results_download_that_stalls_ends_in_a_classified_timeout_after_the_idle_period_on_the_fake_clock()
    {
        var time = new Microsoft.Extensions.Time.Testing.FakeTimeProvider(new DateTimeOffset(2026, 8, 20, 12, 0, 0, TimeSpan.Zero));
        var first = Encoding.UTF8.GetBytes(ResultLine("a", OfficialTestKit.Png(16, 16)));
        var stalled = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var handler = new MockHttpMessageHandler();
        handler.When(Base + "/v1beta/batches/b1").Respond(_ => Json(Operation("BATCH_STATE_SUCCEEDED", "\"requestCount\": \"2\"",
            """, "done": true, "response": {"responsesFile": "files/batch-b1"}""")));
        handler.When(Base + "/download/v1beta/files/batch-b1:download?alt=media")
            .Respond(_ => new HttpResponseMessage(HttpStatusCode.OK) { Content = new StreamContent(new StallingStream(first, stalled)) });
        using var client = Client(handler, o => { o.TimeProvider = time; o.DownloadIdleTimeout = TimeSpan.FromMinutes(2); });
        var job = await client.GetJobAsync("b1");

        await using var results = client.GetResultsAsync(job).GetAsyncEnumerator();
        Assert.True(await results.MoveNextAsync());
        Assert.Equal("a", results.Current.Key);
        var next = results.MoveNextAsync().AsTask();
        await stalled.Task.WaitAsync(TimeSpan.FromSeconds(30));
        time.Advance(TimeSpan.FromSeconds(119));
        Assert.False(next.IsCompleted);
        time.Advance(TimeSpan.FromSeconds(2));
        var error = await Assert.ThrowsAnyAsync<NanoBananaException>(() => next);

        Assert.Equal(ErrorKind.ClientTimeout, error.Kind);
        Assert.DoesNotContain(Key, error.ToString(), StringComparison.Ordinal);
    }

    /// <summary>Sends its bytes, then stalls: every further read waits until cancelled.</summary>
    private sealed class StallingStream(byte[] bytes, TaskCompletionSource stalled) : MemoryStream(bytes)
    {
        public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken)
        {
            if (Position < Length)
            {
                return await base.ReadAsync(buffer, cancellationToken);
            }

            stalled.TrySetResult();
            await Task.Delay(Timeout.Infinite, cancellationToken);
            return 0;
        }
    }
}
