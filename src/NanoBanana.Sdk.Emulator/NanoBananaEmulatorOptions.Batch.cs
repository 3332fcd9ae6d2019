namespace NanoBanana.Sdk.Emulator;

/// <summary>Batch and Files settings; every duration runs on <see cref="TimeProvider"/>, so a fake clock drives a batch to its end.</summary>
public sealed partial class NanoBananaEmulatorOptions
{
    /// <summary>How long a new batch stays <c>BATCH_STATE_PENDING</c> before it starts running. Default 10 seconds; zero or more.</summary>
    public TimeSpan BatchPendingDuration { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>
    /// How long a batch stays <c>BATCH_STATE_RUNNING</c>; its requests complete evenly over this time (see
    /// <c>batchStats</c>), then it is <c>BATCH_STATE_SUCCEEDED</c>. Default 30 seconds; zero or more.
    /// </summary>
    public TimeSpan BatchRunningDuration { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>
    /// A batch not finished this long after it was created becomes <c>BATCH_STATE_EXPIRED</c> (the real service
    /// expires batches after 48 hours). Default 48 hours; positive.
    /// </summary>
    public TimeSpan BatchExpiration { get; set; } = TimeSpan.FromHours(48);

    /// <summary>How long uploaded files and batch results files exist before they are deleted, as the real 48 hours. Default 48 hours; positive.</summary>
    public TimeSpan FileLifetime { get; set; } = TimeSpan.FromHours(48);
}
