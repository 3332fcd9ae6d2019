using NanoBanana.Sdk.Errors;
using NanoBanana.Sdk.Pricing;
using RichardSzalay.MockHttp;
using static NanoBanana.Sdk.Tests.Official.OfficialTestKit;

namespace NanoBanana.Sdk.Tests.Official;

/// <summary>Who owns the HttpClient, whose timeout wins, and the simple overloads' argument checks.</summary>
public sealed class OfficialLifetimeTests
{
    [Fact]
    public async Task Dispose_LeavesTheCallersHttpClientUsable()
    {
        using var handler = new MockHttpMessageHandler();
        handler.When("*").Respond(_ => Json(InteractionAnswer(Png(8, 8))));
        using var http = handler.ToHttpClient();

        new OfficialImageClient(Options(), http).Dispose();

        using var stillWorks = await http.GetAsync(new Uri(InteractionsUrl));
        Assert.True(stillWorks.IsSuccessStatusCode);
        Assert.NotNull(await new OfficialImageClient(Options(), http).GenerateAsync("p"));
    }

    [Fact]
    public async Task Dispose_ReleasesTheClientsOwnHttpClient()
    {
        var client = new OfficialImageClient(Options(configure: o => o.BaseUrl = new Uri("http://127.0.0.1:9")));

        client.Dispose();

        await Assert.ThrowsAsync<ObjectDisposedException>(() => client.GenerateAsync("p"));
    }

    [Fact]
    public async Task CallersHttpClientTimeout_IsAServiceTimeout_NotACancellation()
    {
        using var http = new HttpClient(new NeverAnswers()) { Timeout = TimeSpan.FromMilliseconds(200) };
        var client = new OfficialImageClient(Options(), http);

        var error = await Assert.ThrowsAsync<ServiceTimeoutException>(() => client.GenerateAsync("p"));

        Assert.Equal(BillingOutcome.Timeout, error.Cost!.Outcome);
        Assert.Equal(ErrorOwner.CapacityOrGatewayPath, error.LikelyOwner);
        Assert.Null(error.StatusCode);
    }

    [Fact]
    public async Task AlreadyCancelledToken_SendsNothing()
    {
        using var handler = new MockHttpMessageHandler();
        var captured = new Captured();
        handler.When("*").Respond(captured.Respond(() => Json(InteractionAnswer(Png(8, 8)))));

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => Client(handler).GenerateAsync("p", new CancellationToken(canceled: true)));

        Assert.Equal(0, captured.Count);
    }

    [Theory]
    [InlineData(null)]
    [InlineData(" ")]
    public async Task PromptOverloads_RefuseABlankPrompt_NamingIt(string? prompt)
    {
        using var handler = new MockHttpMessageHandler();
        var client = Client(handler);
        var image = ImageInput.FromBytes(Png(4, 4), "image/png");

        var generate = await Assert.ThrowsAnyAsync<ArgumentException>(() => client.GenerateAsync(prompt!));
        var edit = await Assert.ThrowsAnyAsync<ArgumentException>(() => client.EditAsync(prompt!, [image]));

        Assert.Equal("prompt", generate.ParamName);
        Assert.Equal("prompt", edit.ParamName);
    }

    [Fact]
    public void NullHttpClient_IsRefused()
    {
        var error = Assert.Throws<ArgumentNullException>(() => new OfficialImageClient(Options(), (HttpClient)null!));

        Assert.Equal("httpClient", error.ParamName);
    }

    private sealed class NeverAnswers : HttpMessageHandler
    {
        protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            await Task.Delay(Timeout.InfiniteTimeSpan, cancellationToken);
            throw new InvalidOperationException("unreachable");
        }
    }
}
