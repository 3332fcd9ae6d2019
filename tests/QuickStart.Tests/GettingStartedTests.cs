using NanoBanana.Sdk;
using NanoBanana.Sdk.Emulator;
using NanoBanana.Sdk.Errors;

namespace QuickStart.Tests;

/// <summary>The test shown in docs/getting-started.md (step 3), as written there.</summary>
public sealed class GettingStartedTests
{
    [Fact]
    public async Task A_scripted_429_reaches_the_caller_as_a_rate_limit_with_its_retry_hint_and_owner()
    {
        await using var emulator = await NanoBananaEmulator.StartAsync();
        emulator.Faults.Enqueue(new FaultRule { Fault = Fault.Status(429, retryDelay: "37s") });
        using var client = new OfficialImageClient(new OfficialImageClientOptions { ApiKey = "test-key", BaseUrl = emulator.BaseAddress });

        var error = await Assert.ThrowsAsync<RateLimitException>(() => client.GenerateAsync(new ImageRequest("a banana")));

        Assert.Equal(TimeSpan.FromSeconds(37), error.RetryAfter);
        Assert.Equal(ErrorOwner.QuotaAndTrafficShape, error.LikelyOwner);
    }
}
