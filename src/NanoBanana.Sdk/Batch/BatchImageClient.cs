using System.Buffers;
using System.Globalization;
using System.Net.Http.Headers;
using System.Runtime.CompilerServices;
using System.Text.Json;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using NanoBanana.Sdk.Errors;
using NanoBanana.Sdk.Http;
using NanoBanana.Sdk.Pricing;
using NanoBanana.Sdk.Wire;

namespace NanoBanana.Sdk;

#pragma warning disable RS0026 // SubmitAsync takes a sync or an async sequence, each with optional options and token.

/// <summary>
/// The Batch route client: submits image jobs to the Gemini Batch API (file input and output by default), polls them,
/// and streams their results. Immutable and thread-safe: build one and share it. Every HTTP call goes through the same
/// pipeline as the official client (key header, classification, logs); nothing is retried except an upload chunk after
/// a dropped connection (resumed at the offset the server confirms) and a results download cut mid-line.
/// </summary>
public sealed partial class BatchImageClient : IBatchImageClient, IDisposable
{
    private static readonly MediaTypeHeaderValue JsonContentType = new("application/json") { CharSet = "utf-8" };
    private const int MaxConsecutivePollFailures = 10;

    private readonly BatchSettings _settings;
    private readonly HttpClient? _ownedHttp;
    private readonly ServicePipeline _pipeline;
    private readonly ILogger _logger;

    /// <summary>Creates a client with its own <see cref="HttpClient"/> (redirects off). Dispose the client to release it.</summary>
    /// <param name="options">The settings; read once, here.</param>
    /// <exception cref="ArgumentException">Settings are missing or invalid; the message lists every one.</exception>
    public BatchImageClient(BatchImageClientOptions options)
        : this(BatchSettings.From(options), null, null, null)
    {
    }

    /// <summary>
    /// Creates a client on the caller's <see cref="HttpClient"/>, which stays the caller's to dispose. Its handler should
    /// not follow redirects; its <see cref="HttpClient.Timeout"/> also applies (results downloads can take long).
    /// </summary>
    /// <param name="options">The settings; read once, here.</param>
    /// <param name="httpClient">The HTTP client to send with.</param>
    /// <param name="logger">Receives one line per call; never the key or a prompt.</param>
    /// <exception cref="ArgumentException">Settings are missing or invalid.</exception>
    public BatchImageClient(BatchImageClientOptions options, HttpClient httpClient, ILogger? logger = null)
        : this(BatchSettings.From(options), httpClient ?? throw new ArgumentNullException(nameof(httpClient)), null, logger)
    {
    }

    /// <summary>Creates a client that takes its <see cref="HttpClient"/> per call from <paramref name="httpClientSource"/> (e.g. <c>IHttpClientFactory</c>).</summary>
    /// <param name="options">The settings; read once, here.</param>
    /// <param name="httpClientSource">Returns the HTTP client for one call.</param>
    /// <param name="logger">Receives one line per call; never the key or a prompt.</param>
    /// <exception cref="ArgumentException">Settings are missing or invalid.</exception>
    public BatchImageClient(BatchImageClientOptions options, Func<HttpClient> httpClientSource, ILogger? logger = null)
        : this(BatchSettings.From(options), null, httpClientSource ?? throw new ArgumentNullException(nameof(httpClientSource)), logger)
    {
    }

    private BatchImageClient(BatchSettings settings, HttpClient? httpClient, Func<HttpClient>? httpClientSource, ILogger? logger)
    {
        _settings = settings;
        if (httpClientSource is null)
        {
            _ownedHttp = httpClient is null ? HttpClientRecipe.CreateClient() : null;
            var http = httpClient ?? _ownedHttp!;
            httpClientSource = () => http;
        }

        _logger = logger ?? NullLogger.Instance;
        _pipeline = new ServicePipeline(httpClientSource, settings.Time, _logger, settings.ProjectId);
    }

    /// <summary>The resolved API endpoint.</summary>
    public Uri BaseUrl => _settings.Connection.BaseUrl;

    /// <inheritdoc/>
    public Task<ImageBatchJob> SubmitAsync(IEnumerable<BatchImageItem> items, BatchSubmitOptions? options = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(items);
        return SubmitAsync(ToAsync(items), options, cancellationToken);
    }

    /// <inheritdoc/>
    public async Task<ImageBatchJob> SubmitAsync(IAsyncEnumerable<BatchImageItem> items, BatchSubmitOptions? options = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(items);
        options ??= new BatchSubmitOptions();
        if (!Enum.IsDefined(options.Mode))
        {
            throw new ArgumentException($"BatchSubmitOptions.Mode '{options.Mode}' is not valid. Allowed values: File, Inline.", nameof(options));
        }

        var model = _settings.Catalog.Resolve(options.Model ?? _settings.DefaultModel);
        if (model.Model is { } known && !known.Supports(PriceLane.GoogleBatch))
        {
            throw new ArgumentException($"Model '{model.Requested}' ({model.ModelId}) has no Batch lane in the model catalog: choose a model that supports Batch.", nameof(options));
        }

        if (ModelCatalog.EnsureServed(model, _settings.Time.GetUtcNow()) is { } deprecation)
        {
            BatchLog.ModelDeprecated(_logger, model.Requested, deprecation);
        }

        var displayName = string.IsNullOrWhiteSpace(options.DisplayName)
            ? "nanobanana-" + _settings.Time.GetUtcNow().ToString("yyyyMMdd-HHmmss", CultureInfo.InvariantCulture)
            : options.DisplayName;
        var lines = new BatchLineWriter(_settings, model);
        return options.Mode == BatchInputMode.Inline
            ? await SubmitInlineAsync(items, lines, model, displayName, cancellationToken).ConfigureAwait(false)
            : await SubmitFileAsync(items, lines, model, displayName, cancellationToken).ConfigureAwait(false);
    }

    /// <inheritdoc/>
    public async Task<ImageBatchJob> GetJobAsync(string id, CancellationToken cancellationToken = default) =>
        new(this, await GetOperationAsync(id, cancellationToken).ConfigureAwait(false));

    /// <inheritdoc/>
    public async IAsyncEnumerable<ImageBatchJob> ListJobsAsync(int? pageSize = null, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        if (pageSize is <= 0)
        {
            throw new ArgumentOutOfRangeException(nameof(pageSize), pageSize, "The page size must be positive.");
        }

        string? token = null;
        do
        {
            var query = new List<string>();
            if (pageSize is { } size)
            {
                query.Add("pageSize=" + size.ToString(CultureInfo.InvariantCulture));
            }

            if (token is not null)
            {
                query.Add("pageToken=" + Uri.EscapeDataString(token));
            }

            var path = $"{_settings.ApiVersion}/batches" + (query.Count > 0 ? "?" + string.Join("&", query) : string.Empty);
            var page = await SendJsonAsync(HttpMethod.Get, path, $"GET /{_settings.ApiVersion}/batches", null, null, root =>
            {
                var jobs = new List<BatchOperation>();
                if (BatchOperation.Prop(root, "operations") is { ValueKind: JsonValueKind.Array } operations)
                {
                    foreach (var operation in operations.EnumerateArray())
                    {
                        jobs.Add(BatchOperation.Read(operation, _settings.ApiKey));
                    }
                }

                return (jobs, BatchOperation.Str(root, "nextPageToken", "next_page_token"));
            }, cancellationToken).ConfigureAwait(false);
            foreach (var job in page.jobs)
            {
                yield return new ImageBatchJob(this, job);
            }

            token = string.IsNullOrEmpty(page.Item2) ? null : page.Item2;
        }
        while (token is not null);
    }

    /// <inheritdoc/>
    public BatchEstimate Estimate(IEnumerable<BatchImageItem> items, string? model = null)
    {
        ArgumentNullException.ThrowIfNull(items);
        var estimator = new Estimator(_settings, model);
        foreach (var item in items)
        {
            estimator.Add(item);
        }

        return estimator.Result();
    }

    /// <inheritdoc/>
    public async Task<BatchEstimate> EstimateAsync(IAsyncEnumerable<BatchImageItem> items, string? model = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(items);
        var estimator = new Estimator(_settings, model);
        await foreach (var item in items.WithCancellation(cancellationToken).ConfigureAwait(false))
        {
            estimator.Add(item);
        }

        return estimator.Result();
    }

    /// <summary>Releases the <see cref="HttpClient"/> this client created; a caller's client is left alone.</summary>
    public void Dispose() => _ownedHttp?.Dispose();

    internal async Task<BatchJobState> WaitAsync(ImageBatchJob job, IProgress<BatchJobProgress>? progress, CancellationToken cancellationToken)
    {
        var time = _settings.Time;
        var started = time.GetTimestamp();
        var interval = _settings.PollInterval;
        var failures = 0;
        while (true)
        {
            try
            {
                await job.UpdateStatusAsync(cancellationToken).ConfigureAwait(false);
                failures = 0;
                progress?.Report(new BatchJobProgress(job.State, job.Stats, time.GetElapsedTime(started)));
                if (job.State == BatchJobState.Unknown)
                {
                    BatchLog.UnknownState(_logger, job.Id, job.RawState ?? "(none)");
                }

                if (job.HasCompleted)
                {
                    return job.State;
                }
            }
            catch (NanoBananaException ex) when (ex.IsTransient && ++failures < MaxConsecutivePollFailures)
            {
                BatchLog.PollFailed(_logger, job.Id, ex.Kind, failures);
            }

            await Task.Delay(interval, time, cancellationToken).ConfigureAwait(false);
            interval = TimeSpan.FromTicks(Math.Min(_settings.MaxPollInterval.Ticks, (long)(interval.Ticks * 1.5)));
        }
    }

    internal Task<BatchOperation> GetOperationAsync(string id, CancellationToken cancellationToken)
    {
        var name = BatchName(id);
        return SendJsonAsync(HttpMethod.Get, $"{_settings.ApiVersion}/{name}", $"GET /{_settings.ApiVersion}/{name}", null, null,
            root => BatchOperation.Read(root, _settings.ApiKey), cancellationToken);
    }

    internal Task CancelAsync(string id, CancellationToken cancellationToken)
    {
        var name = BatchName(id);
        return SendJsonAsync(HttpMethod.Post, $"{_settings.ApiVersion}/{name}:cancel", $"POST /{_settings.ApiVersion}/{name}:cancel", null, null,
            static _ => true, cancellationToken, allowEmpty: true);
    }

    internal Task DeleteAsync(string id, CancellationToken cancellationToken)
    {
        var name = BatchName(id);
        return SendJsonAsync(HttpMethod.Delete, $"{_settings.ApiVersion}/{name}", $"DELETE /{_settings.ApiVersion}/{name}", null, null,
            static _ => true, cancellationToken, allowEmpty: true);
    }

    private static string BatchName(string id)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(id);
        var name = id.Trim();
        if (!name.StartsWith("batches/", StringComparison.Ordinal))
        {
            name = "batches/" + name;
        }

        var bare = name["batches/".Length..];
        if (bare.Length == 0 || bare.Contains('/', StringComparison.Ordinal) || bare.Contains('?', StringComparison.Ordinal) || bare.Contains(':', StringComparison.Ordinal))
        {
            throw new ArgumentException($"'{id}' is not a Batch job id: expected 'batches/<id>'.", nameof(id));
        }

        return "batches/" + Uri.EscapeDataString(bare);
    }

    private static async IAsyncEnumerable<T> ToAsync<T>(IEnumerable<T> items)
    {
        foreach (var item in items)
        {
            yield return item;
        }

        await Task.CompletedTask.ConfigureAwait(false);
    }

    /// <summary>Sends a small JSON control call through the pipeline and reads its answer with <paramref name="read"/>.</summary>
    private Task<T> SendJsonAsync<T>(
        HttpMethod method,
        string relativePath,
        string endpoint,
        byte[]? body,
        ModelResolution? model,
        Func<JsonElement, T> read,
        CancellationToken cancellationToken,
        bool allowEmpty = false) =>
        SendAsync(method, _settings.Resolve(relativePath), endpoint, body is null ? null : () => new ByteArrayContent(body) { Headers = { ContentType = JsonContentType } },
            [], model, async (response, answer, ct) =>
            {
                var bytes = await response.Content.ReadAsByteArrayAsync(ct).ConfigureAwait(false);
                if (allowEmpty && bytes.AsSpan().Trim(" \r\n\t"u8).IsEmpty)
                {
                    return read(default);
                }

                try
                {
                    using var document = JsonDocument.Parse(bytes);
                    return read(document.RootElement);
                }
                catch (JsonException ex)
                {
                    throw ErrorClassifier.Malformed(answer.Request.Context, answer.Status, answer.RequestId, $"the Batch API answer could not be read: {ex.Message}", ex,
                        BatchSettings.ControlCall(model, BillingOutcome.Unreadable));
                }
            }, cancellationToken);

    /// <summary>Sends one call through the shared pipeline, as a not-billed Batch control call.</summary>
    private Task<T> SendAsync<T>(
        HttpMethod method,
        Uri uri,
        string endpoint,
        Func<HttpContent>? content,
        IReadOnlyList<KeyValuePair<string, string>> headers,
        ModelResolution? model,
        Func<HttpResponseMessage, ServiceAnswer, CancellationToken, Task<T>> read,
        CancellationToken cancellationToken,
        TimeSpan? timeout = null)
    {
        var request = new ServiceRequest
        {
            Method = method,
            Uri = uri,
            Content = content,
            Headers = headers,
            Auth = ServiceAuth.GoogleApiKey,
            Secret = _settings.ApiKey,
            Endpoint = endpoint,
            Metadata = new NanoBananaRequestMetadata
            {
                Route = ImageRoute.Batch,
                Lane = PriceLane.GoogleBatch,
                ProjectId = _settings.ProjectId,
                Model = model?.ModelId,
                IsPaidGeneration = false,
            },
            Context = _settings.Context(endpoint, model),
            Cost = (outcome, _) => BatchSettings.ControlCall(model, outcome),
            EndpointSetting = _settings.EndpointSetting,
            ClientName = nameof(BatchImageClient),
            Timeout = timeout ?? _settings.Timeout,
        };
        return _pipeline.SendAsync(request, read, _ => new CallSummary(0, null, BatchSettings.ControlCall(model, BillingOutcome.Success), []), cancellationToken);
    }

    /// <summary>Sums the Batch price of items by model, size and operation.</summary>
    private sealed class Estimator(BatchSettings settings, string? model)
    {
        private readonly ModelResolution _model = settings.Catalog.Resolve(model ?? settings.DefaultModel);
        private readonly Dictionary<(ImageSize, ImageOperation), long> _counts = [];
        private long _items;

        public void Add(BatchImageItem item)
        {
            ArgumentNullException.ThrowIfNull(item);
            ArgumentNullException.ThrowIfNull(item.Request, nameof(item));
            var size = item.Request.Size ?? _model.Model?.DefaultSize ?? ImageSize.OneK;
            var key = (size, item.Request.Operation);
            _counts[key] = _counts.GetValueOrDefault(key) + 1;
            _items++;
        }

        public BatchEstimate Result()
        {
            var lines = new List<CostEstimate>();
            decimal? total = 0m;
            foreach (var ((size, operation), count) in _counts)
            {
                var estimate = settings.Pricing.Estimate(new CostQuery { Route = ImageRoute.Batch, Lane = PriceLane.GoogleBatch, Model = _model, Size = size, Operation = operation, ImageCount = (int)Math.Min(count, int.MaxValue) });
                lines.Add(estimate);
                total += estimate.TotalUsd;
            }

            return new BatchEstimate(_items, total, lines);
        }
    }
}

/// <summary>The Batch client's own log lines (every call's line comes from the pipeline).</summary>
internal static partial class BatchLog
{
    [LoggerMessage(EventId = 4101, Level = LogLevel.Warning, Message = "Batch job {JobId} reports state '{State}', which this SDK does not know: treated as not finished.")]
    public static partial void UnknownState(ILogger logger, string jobId, string state);

    [LoggerMessage(EventId = 4102, Level = LogLevel.Warning, Message = "Polling Batch job {JobId} failed ({Kind}, {Failures} in a row): polling goes on.")]
    public static partial void PollFailed(ILogger logger, string jobId, ErrorKind kind, int failures);

    [LoggerMessage(EventId = 4103, Level = LogLevel.Warning, Message = "Upload chunk at offset {Offset} failed ({Kind}): asking the server how much arrived and resuming (attempt {Attempt}).")]
    public static partial void UploadResume(ILogger logger, long offset, ErrorKind kind, int attempt);

    [LoggerMessage(EventId = 4105, Level = LogLevel.Warning, Message = "Batch job model {Model}: {Warning}")]
    public static partial void ModelDeprecated(ILogger logger, string model, string warning);

    [LoggerMessage(EventId = 4104, Level = LogLevel.Warning, Message = "Results download of {File} was cut at offset {Offset}: resuming (attempt {Attempt}).")]
    public static partial void DownloadResume(ILogger logger, string file, long offset, int attempt);
}
