using System.Net;
using System.Net.Http.Headers;
using System.Text;
using BenchmarkDotNet.Attributes;
using NanoBanana.Sdk.Wire;

namespace NanoBanana.Sdk.Benchmarks;

/// <summary>
/// Issue 15 "Speed and memory": reading a Batch results file of 1,000 and of 10,000 items, and submitting 1,000 and
/// 10,000 requests from an <see cref="IAsyncEnumerable{T}"/>, through the public <see cref="BatchImageClient"/> against
/// an in-memory handler. The results file is generated line by line as it is read and the upload is drained as it is
/// sent, so the benchmark itself holds no file: whatever grows with the item count is the client's.
/// </summary>
/// <remarks>
/// MemoryDiagnoser's "Allocated" is the total allocated per operation (it grows with the items by design). What must
/// stay flat is the memory <em>held</em>: each operation samples the live managed heap (after a full collection) every
/// 500 items and the largest sample is printed by <c>[GlobalCleanup]</c> as <c>// PEAK</c> lines in the log, next to the
/// GC heap's own high-water mark. Those sampling collections are part of the measured time of both sizes alike.
/// </remarks>
[MemoryDiagnoser]
[SimpleJob(launchCount: 1, warmupCount: 1, iterationCount: 4)]
public class BatchMemoryBenchmarks
{
    private const int ImageBytes = 2_000;
    private const int SampleEvery = 500;

    private BatchImageClient? _client;
    private ImageBatchJob? _job;
    private long _peakLive;
    private long _peakLiveAtStart = long.MaxValue;
    private string _operation = "none";

    /// <summary>How many items the job has.</summary>
    [Params(1_000, 10_000)]
    public int Items { get; set; }

    [GlobalSetup]
    public async Task SetupAsync()
    {
        var image = new byte[ImageBytes];
        new Random(15).NextBytes(image);
        image[0] = 0x89;
        image[1] = (byte)'P';
        image[2] = (byte)'N';
        image[3] = (byte)'G';
        var handler = new BatchHandler(Items, Convert.ToBase64String(image));
        _client = new BatchImageClient(
            new BatchImageClientOptions { ApiKey = "benchmark-key", Model = "gemini-3.1-flash-image", EnvironmentVariables = _ => null },
            new HttpClient(handler));
        _job = NanoBananaModelFactory.ImageBatchJob(id: "batches/b1", model: "gemini-3.1-flash-image", resultsFile: "files/batch-b1");

        if (await ReadResults() != (long)Items * ImageBytes || await Submit() != Items)
        {
            throw new InvalidOperationException("A benchmark row did not read or send every item.");
        }

        _peakLive = 0;
        _peakLiveAtStart = long.MaxValue;
    }

    [GlobalCleanup]
    public void Cleanup()
    {
        // The peak while items stream, and the live heap before an operation starts (client, handler, runtime): their
        // difference is what the operation itself holds at most.
        Console.WriteLine($"// PEAK {_operation} Items={Items}: peak live managed heap {_peakLive:N0} B; before an operation {_peakLiveAtStart:N0} B; held by the operation {_peakLive - _peakLiveAtStart:N0} B");
        _client?.Dispose();
    }

    /// <summary>Reads every result of a finished file-mode job (each item a 2,000-byte image), holding none.</summary>
    [Benchmark]
    public async Task<long> ReadResults()
    {
        _operation = nameof(ReadResults);
        Sample(start: true);
        long bytes = 0;
        int count = 0;
        await foreach (var item in _client!.GetResultsAsync(_job!))
        {
            bytes += item.Result!.Image.Data.Length;
            if (++count % SampleEvery == 0)
            {
                Sample(start: false);
            }
        }

        return bytes;
    }

    /// <summary>Submits a file-mode job from an <see cref="IAsyncEnumerable{T}"/> of requests made as they are asked for.</summary>
    [Benchmark]
    public async Task<long> Submit()
    {
        _operation = nameof(Submit);
        Sample(start: true);
        var job = await _client!.SubmitAsync(Requests(Items), new BatchSubmitOptions { DisplayName = "benchmark" });
        return job.Stats.Total;
    }

    private async IAsyncEnumerable<BatchImageItem> Requests(int count)
    {
        for (int i = 0; i < count; i++)
        {
            if (i % SampleEvery == 0)
            {
                Sample(start: false);
            }

            yield return new BatchImageItem("sku-" + i.ToString("D6", System.Globalization.CultureInfo.InvariantCulture), new ImageRequest("a studio photo of product " + i));
            if (i % 64 == 0)
            {
                await Task.Yield();
            }
        }
    }

    private void Sample(bool start)
    {
        long live = GC.GetTotalMemory(forceFullCollection: true);
        _peakLive = Math.Max(_peakLive, live);
        if (start)
        {
            _peakLiveAtStart = Math.Min(_peakLiveAtStart, live);
        }
    }

    /// <summary>The Files API upload, the batch create call and the results download, without holding any file.</summary>
    private sealed class BatchHandler(int items, string imageBase64) : HttpMessageHandler
    {
        private const string UploadUrl = "https://generativelanguage.googleapis.com/upload/v1beta/files?upload_id=bench&upload_protocol=resumable";

        protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            if (request.Method == HttpMethod.Get)
            {
                return new HttpResponseMessage(HttpStatusCode.OK) { Content = new StreamContent(new ResultsStream(items, imageBase64)), RequestMessage = request };
            }

            if (request.Content is { } content)
            {
                // Sent as a socket would send it, then forgotten.
                await content.CopyToAsync(Stream.Null, cancellationToken).ConfigureAwait(false);
            }

            var command = request.Headers.TryGetValues("X-Goog-Upload-Command", out var values) ? string.Join(",", values) : null;
            var answer = new HttpResponseMessage(HttpStatusCode.OK) { RequestMessage = request };
            switch (command)
            {
                case "start":
                    answer.Headers.Add("X-Goog-Upload-URL", UploadUrl);
                    answer.Headers.Add("X-Goog-Upload-Status", "active");
                    break;
                case "upload":
                    answer.Headers.Add("X-Goog-Upload-Status", "active");
                    break;
                case "upload, finalize":
                    answer.Headers.Add("X-Goog-Upload-Status", "final");
                    answer.Content = Json("""{"file": {"name": "files/in1", "mimeType": "application/jsonl"}}""");
                    break;
                default:
                    answer.Content = Json($$"""
                        { "name": "batches/b1",
                          "metadata": { "@type": "type.googleapis.com/google.ai.generativelanguage.v1main.GenerateContentBatch",
                            "model": "models/gemini-3.1-flash-image", "displayName": "benchmark", "inputConfig": { "fileName": "files/in1" },
                            "createTime": "2026-08-20T10:00:00Z", "updateTime": "2026-08-20T10:00:00Z",
                            "batchStats": { "requestCount": "{{items}}", "pendingRequestCount": "{{items}}" }, "state": "BATCH_STATE_PENDING", "name": "batches/b1" } }
                        """);
                    break;
            }

            return answer;
        }

        private static StringContent Json(string json) => new(json, Encoding.UTF8, new MediaTypeHeaderValue("application/json"));
    }

    /// <summary>A results file made one line at a time as it is read: <c>{"key", "response": generateContent}</c> per line.</summary>
    private sealed class ResultsStream(int items, string imageBase64) : Stream
    {
        private readonly byte[] _middle = Encoding.UTF8.GetBytes(
            "\",\"response\":" + $$$"""{"candidates":[{"content":{"role":"model","parts":[{"inlineData":{"mimeType":"image/png","data":"{{{imageBase64}}}"}}]},"finishReason":"STOP"}],"usageMetadata":{"promptTokenCount":9,"candidatesTokenCount":1120,"totalTokenCount":1129},"modelVersion":"gemini-3.1-flash-image"}}""" + "\n");

        private readonly byte[] _line = new byte[4096];
        private int _lineLength;
        private int _linePosition;
        private int _next;

        public override bool CanRead => true;

        public override bool CanSeek => false;

        public override bool CanWrite => false;

        public override long Length => throw new NotSupportedException();

        public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }

        public override int Read(byte[] buffer, int offset, int count) => Read(buffer.AsSpan(offset, count));

        public override int Read(Span<byte> buffer)
        {
            int written = 0;
            while (written < buffer.Length)
            {
                if (_linePosition == _lineLength)
                {
                    if (_next == items)
                    {
                        break;
                    }

                    _lineLength = Encoding.UTF8.GetBytes("{\"key\":\"sku-" + _next++.ToString("D6", System.Globalization.CultureInfo.InvariantCulture), _line);
                    _middle.CopyTo(_line, _lineLength);
                    _lineLength += _middle.Length;
                    _linePosition = 0;
                }

                int n = Math.Min(buffer.Length - written, _lineLength - _linePosition);
                _line.AsSpan(_linePosition, n).CopyTo(buffer[written..]);
                _linePosition += n;
                written += n;
            }

            return written;
        }

        public override ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default) => new(Read(buffer.Span));

        public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) => Task.FromResult(Read(buffer, offset, count));

        public override void Flush()
        {
        }

        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

        public override void SetLength(long value) => throw new NotSupportedException();

        public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
    }
}

/// <summary>
/// Issue 15 "per-item decode time within 1.2× of the official route's parser per byte": the same 1,000 answers, each
/// with the same 20,000-byte image, read as 1,000 lines of one Batch results file (<c>BatchResultsReader</c>, line
/// mode) and as 1,000 separate generateContent answers (<c>ImageResponseParser</c>, the official route's parser,
/// baseline). Same images, same bytes decoded: the time ratio is the per-byte ratio.
/// </summary>
[MemoryDiagnoser]
[SimpleJob(launchCount: 1, warmupCount: 2, iterationCount: 8)]
public class BatchDecodeBenchmarks
{
    private const int Lines = 1_000;
    private const int ImageBytes = 20_000;

    private byte[] _answer = [];
    private byte[] _file = [];
    private readonly ImageParseLimits _limits = new(50 * 1024 * 1024);

    [GlobalSetup]
    public async Task SetupAsync()
    {
        var image = new byte[ImageBytes];
        new Random(15).NextBytes(image);
        image[0] = 0x89;
        image[1] = (byte)'P';
        image[2] = (byte)'N';
        image[3] = (byte)'G';
        var response = $$$"""{"candidates":[{"content":{"role":"model","parts":[{"inlineData":{"mimeType":"image/png","data":"{{{Convert.ToBase64String(image)}}}"}}]},"finishReason":"STOP"}],"usageMetadata":{"promptTokenCount":9,"candidatesTokenCount":1120,"totalTokenCount":1129},"modelVersion":"gemini-3.1-flash-image"}""";
        _answer = Encoding.UTF8.GetBytes(response);
        var file = new StringBuilder();
        for (int i = 0; i < Lines; i++)
        {
            file.Append("{\"key\":\"sku-").Append(i.ToString("D6", System.Globalization.CultureInfo.InvariantCulture)).Append("\",\"response\":").Append(response).Append("}\n");
        }

        _file = Encoding.UTF8.GetBytes(file.ToString());
        if (await OfficialParser() != (long)Lines * ImageBytes || await BatchLineParser() != (long)Lines * ImageBytes)
        {
            throw new InvalidOperationException("A benchmark row did not decode every image.");
        }
    }

    /// <summary>1,000 generateContent answers through the official route's parser (baseline).</summary>
    [Benchmark(Baseline = true)]
    public async Task<long> OfficialParser()
    {
        long bytes = 0;
        for (int i = 0; i < Lines; i++)
        {
            using var stream = new MemoryStream(_answer, writable: false);
            var parsed = await ImageResponseParser.ParseGenerateContentAsync(stream, _limits with { ContentLength = _answer.Length }, CancellationToken.None);
            bytes += parsed.Images[0].Data.Length;
        }

        return bytes;
    }

    /// <summary>The same 1,000 answers as the lines of one results file, through the Batch line reader.</summary>
    [Benchmark]
    public async Task<long> BatchLineParser()
    {
        long bytes = 0;
        using var stream = new MemoryStream(_file, writable: false);
        await foreach (var line in BatchResultsReader.ReadLinesAsync(stream, _limits))
        {
            bytes += line.Response!.Images[0].Data.Length;
        }

        return bytes;
    }
}
