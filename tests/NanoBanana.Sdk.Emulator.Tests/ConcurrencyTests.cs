using System.Net;

namespace NanoBanana.Sdk.Emulator.Tests;

public sealed class ConcurrencyTests
{
    [Fact]
    public async Task Parallel_requests_consume_fault_uses_and_quota_exactly()
    {
        var time = new Microsoft.Extensions.Time.Testing.FakeTimeProvider(DateTimeOffset.UnixEpoch);
        var options = new NanoBananaEmulatorOptions { TimeProvider = time };
        options.QuotaLimits.Add(new QuotaLimit { Project = NanoBananaEmulatorOptions.DefaultProject, RequestsPerMinute = 12 });
        await using var emulator = await NanoBananaEmulator.StartAsync(options, CancellationToken.None);
        emulator.Faults.Enqueue(new FaultRule { Fault = Fault.Status(503), Times = 5 });
        using var http = Client.For(emulator);

        var statuses = await Task.WhenAll(Enumerable.Range(0, 24).Select(async i =>
            (await http.SendAsync(Client.Post(Client.GeneratePath("gemini-3.1-flash-image"), Client.GenerateBody($"prompt {i}")))).StatusCode));

        Assert.Equal(5, statuses.Count(s => s == HttpStatusCode.ServiceUnavailable));
        Assert.Equal(12, statuses.Count(s => s == HttpStatusCode.OK));
        Assert.Equal(7, statuses.Count(s => s == HttpStatusCode.TooManyRequests));
        Assert.Equal(24, emulator.Journal.Count);
        Assert.Equal(0, emulator.Faults.PendingCount);
    }

    [Fact]
    public async Task Several_emulators_run_side_by_side_on_their_own_ports()
    {
        await using var first = await NanoBananaEmulator.StartAsync(cancellationToken: CancellationToken.None);
        await using var second = await NanoBananaEmulator.StartAsync(cancellationToken: CancellationToken.None);
        using var http = Client.For(second);

        await http.SendAsync(Client.Post(Client.GeneratePath("gemini-3.1-flash-image"), Client.GenerateBody()));

        Assert.NotEqual(first.BaseAddress, second.BaseAddress);
        Assert.Equal("127.0.0.1", first.BaseAddress.Host);
        Assert.Equal(0, first.Journal.Count);
        Assert.Equal(1, second.Journal.Count);
    }
}
