using NanoBanana.Sdk.Errors;
using NanoBanana.Sdk.Http;
using NanoBanana.Sdk.Pricing;

namespace NanoBanana.Sdk;

/// <summary>An immutable, validated snapshot of <see cref="BatchImageClientOptions"/>.</summary>
internal sealed class BatchSettings
{
    private BatchSettings(BatchImageClientOptions options, GoogleConnection connection)
    {
        Connection = connection;
        EndpointSetting = GoogleConnection.EndpointSetting(options);
        DefaultModel = options.Model;
        PollInterval = options.PollInterval;
        DownloadIdleTimeout = options.DownloadIdleTimeout;
        MaxPollInterval = options.MaxPollInterval;
        InlineLimitBytes = options.InlineLimitBytes;
        UploadChunkBytes = options.UploadChunkBytes;
        Timeout = options.Timeout;
        MaxImageBytes = options.MaxImageBytes;
        ProjectId = options.ProjectId;
        KeyType = options.KeyType;
        Catalog = options.ModelCatalog;
        Time = options.TimeProvider;
        Pricing = new CostCalculator(options.Pricing, options.TimeProvider);
    }

    public GoogleConnection Connection { get; }

    public string ApiKey => Connection.ApiKey;

    public string ApiVersion => Connection.ApiVersion;

    public string EndpointSetting { get; }

    public string DefaultModel { get; }

    public TimeSpan PollInterval { get; }

    public TimeSpan DownloadIdleTimeout { get; }

    public TimeSpan MaxPollInterval { get; }

    public long InlineLimitBytes { get; }

    public int UploadChunkBytes { get; }

    public TimeSpan Timeout { get; }

    public long MaxImageBytes { get; }

    public string? ProjectId { get; }

    public string KeyType { get; }

    public ModelCatalog Catalog { get; }

    public TimeProvider Time { get; }

    public CostCalculator Pricing { get; }

    public static BatchSettings From(BatchImageClientOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        options.ThrowIfInvalid();
        var connection = GoogleConnection.Resolve(options, [])!;
        options.ModelCatalog.Resolve(options.Model);
        return new BatchSettings(options, connection);
    }

    public Uri Resolve(string relativePath) => Connection.Resolve(relativePath);

    public ErrorContext Context(string endpoint, ModelResolution? model) => new()
    {
        Route = ImageRoute.Batch,
        Lane = PriceLane.GoogleBatch,
        Model = model,
        ProjectId = ProjectId,
        KeyType = KeyType,
        Secret = ApiKey,
        Endpoint = endpoint,
        Time = Time,
    };

    /// <summary>
    /// The record of a Batch control call (upload, create, get, list, cancel, delete, download): Google bills the
    /// images per item at the Batch price, never the calls that manage a job, so these are not billable.
    /// </summary>
    public static CostRecord ControlCall(ModelResolution? model, BillingOutcome outcome) => new()
    {
        Route = ImageRoute.Batch,
        Lane = PriceLane.GoogleBatch,
        ModelId = model?.ModelId ?? "none",
        RequestedModel = model?.Requested,
        Size = model?.Model?.DefaultSize ?? ImageSize.OneK,
        Operation = ImageOperation.Generate,
        ImageCount = 0,
        PriceStatus = PriceStatus.Found,
        PriceNote = "No price applies: a Batch control call, not an image.",
        Outcome = outcome,
        EstimatedCostUsd = 0m,
        Billable = false,
        BillingNote = "Batch control call (upload, create, get, list, cancel, delete or download): not billed; images are billed per item at the Batch price.",
    };
}
