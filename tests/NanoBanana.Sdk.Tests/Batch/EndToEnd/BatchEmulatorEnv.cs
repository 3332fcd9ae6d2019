using Microsoft.Extensions.Time.Testing;
using NanoBanana.Sdk.Emulator;

namespace NanoBanana.Sdk.Tests.Batch.EndToEnd;

/// <summary>An emulator on a fake clock (pending 10 s, running 30 s) and Batch clients sharing that clock.</summary>
internal sealed class BatchEmulatorEnv : IAsyncDisposable
{
    public const string Key = "AIzaSyE2E-batch-key-0123456789abcdefgh";
    public const string Model = "gemini-3.1-flash-image";

    private readonly List<BatchImageClient> _clients = [];

    private BatchEmulatorEnv(NanoBananaEmulator emulator, FakeTimeProvider time)
    {
        Emulator = emulator;
        Time = time;
    }

    public NanoBananaEmulator Emulator { get; }

    public FakeTimeProvider Time { get; }

    public static async Task<BatchEmulatorEnv> StartAsync()
    {
        var time = new FakeTimeProvider(new DateTimeOffset(2026, 11, 23, 8, 0, 0, TimeSpan.Zero));
        var options = new NanoBananaEmulatorOptions
        {
            TimeProvider = time,
            BatchPendingDuration = TimeSpan.FromSeconds(10),
            BatchRunningDuration = TimeSpan.FromSeconds(30),
        };
        return new BatchEmulatorEnv(await NanoBananaEmulator.StartAsync(options, CancellationToken.None), time);
    }

    /// <summary>A new client (as a fresh process would build one).</summary>
    public BatchImageClient Client(Action<BatchImageClientOptions>? configure = null)
    {
        var options = new BatchImageClientOptions
        {
            ApiKey = Key,
            BaseUrl = Emulator.BaseAddress,
            Model = Model,
            PollInterval = TimeSpan.FromSeconds(5),
            MaxPollInterval = TimeSpan.FromSeconds(20),
            TimeProvider = Time,
            EnvironmentVariables = _ => null,
        };
        configure?.Invoke(options);
        var client = new BatchImageClient(options);
        _clients.Add(client);
        return client;
    }

    /// <summary>Advances the fake clock in small steps until <paramref name="task"/> ends (each step far below the call timeout).</summary>
    public async Task<T> DriveAsync<T>(Task<T> task)
    {
        var deadline = DateTime.UtcNow.AddSeconds(60);
        while (!task.IsCompleted)
        {
            Assert.True(DateTime.UtcNow < deadline, "the task did not finish");
            await Task.WhenAny(task, Task.Delay(10));
            Time.Advance(TimeSpan.FromSeconds(2));
        }

        return await task;
    }

    public static IEnumerable<BatchImageItem> Items(params string[] keys) =>
        keys.Select(k => new BatchImageItem(k, new ImageRequest("a banana " + k) { Size = ImageSize.OneK }));

    public async ValueTask DisposeAsync()
    {
        _clients.ForEach(c => c.Dispose());
        await Emulator.DisposeAsync();
    }
}
