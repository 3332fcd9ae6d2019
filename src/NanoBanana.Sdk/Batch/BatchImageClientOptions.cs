namespace NanoBanana.Sdk;

/// <summary>
/// Settings for <c>BatchImageClient</c>: the Google connection and shared settings from the base classes, plus the
/// job's model, the polling interval and the inline size limit. Read once when the client is built.
/// </summary>
public sealed class BatchImageClientOptions : GoogleClientOptions
{
    /// <summary>The default first polling interval: 30 s.</summary>
    public static TimeSpan DefaultPollInterval { get; } = TimeSpan.FromSeconds(30);

    /// <summary>The default longest polling interval the backoff grows to: 5 minutes.</summary>
    public static TimeSpan DefaultMaxPollInterval { get; } = TimeSpan.FromMinutes(5);

    /// <summary>The default inline limit: 20 MB, the Batch API's limit for inline requests.</summary>
    public const long DefaultInlineLimitBytes = 20L * 1000 * 1000;

    /// <summary>The upload chunk size: 8 MiB, the Files API's <c>X-Goog-Upload-Chunk-Granularity</c>.</summary>
    internal const int DefaultUploadChunkBytes = 8 * 1024 * 1024;

    private string? _model;

    /// <summary>
    /// The model a job runs on when its items name none (a Batch job runs on one model). Default: the catalog's default
    /// model, <see cref="ModelCatalog.DefaultModelId"/>.
    /// </summary>
    public string Model
    {
        get => _model ?? ModelCatalog.DefaultModel;
        set => _model = value;
    }

    /// <summary>The first interval between status polls while waiting; it grows by half each poll up to <see cref="MaxPollInterval"/>. Default 30 s.</summary>
    public TimeSpan PollInterval { get; set; } = DefaultPollInterval;

    /// <summary>
    /// How long a results download may go without receiving a byte before it ends in a classified timeout
    /// (<see cref="Errors.ErrorKind.ClientTimeout"/>): a results file has no overall timeout (it can be gigabytes), so a
    /// stalled stream would otherwise hang forever. Measured on <see cref="NanoBananaClientOptions.TimeProvider"/>. Default 2 minutes.
    /// </summary>
    public TimeSpan DownloadIdleTimeout { get; set; } = DefaultDownloadIdleTimeout;

    /// <summary>The default <see cref="DownloadIdleTimeout"/>: 2 minutes.</summary>
    public static TimeSpan DefaultDownloadIdleTimeout { get; } = TimeSpan.FromMinutes(2);

    /// <summary>The longest interval between status polls. Default 5 minutes (jobs target 24 h turnaround).</summary>
    public TimeSpan MaxPollInterval { get; set; } = DefaultMaxPollInterval;

    /// <summary>The largest inline request body (<see cref="BatchInputMode.Inline"/>), checked before sending. Default 20 MB.</summary>
    public long InlineLimitBytes { get; set; } = DefaultInlineLimitBytes;

    /// <summary>Bytes per upload chunk; tests shrink it to exercise several chunks.</summary>
    internal int UploadChunkBytes { get; set; } = DefaultUploadChunkBytes;

    /// <inheritdoc/>
    private protected override void Validate(List<string> failures)
    {
        base.Validate(failures);
        if (string.IsNullOrWhiteSpace(Model))
        {
            failures.Add($"{OptionsName}.Model must not be blank (default '{ModelCatalog.DefaultModelId}').");
        }

        if (PollInterval <= TimeSpan.Zero)
        {
            failures.Add($"{OptionsName}.PollInterval must be positive (default {DefaultPollInterval.TotalSeconds:0} s).");
        }

        if (DownloadIdleTimeout <= TimeSpan.Zero && DownloadIdleTimeout != System.Threading.Timeout.InfiniteTimeSpan)
        {
            failures.Add($"{OptionsName}.DownloadIdleTimeout must be positive, or Timeout.InfiniteTimeSpan for none (default 2 min).");
        }

        if (MaxPollInterval < PollInterval)
        {
            failures.Add($"{OptionsName}.MaxPollInterval must be at least PollInterval (default {DefaultMaxPollInterval.TotalMinutes:0} min).");
        }

        if (InlineLimitBytes <= 0)
        {
            failures.Add($"{OptionsName}.InlineLimitBytes must be positive (default {DefaultInlineLimitBytes} bytes).");
        }

        if (UploadChunkBytes <= 0)
        {
            failures.Add($"{OptionsName}.UploadChunkBytes must be positive.");
        }
    }
}
