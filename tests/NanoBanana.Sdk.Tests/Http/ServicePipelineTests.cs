using System.Net;
using System.Net.Sockets;
using Microsoft.Extensions.Logging;
using NanoBanana.Sdk.Errors;
using NanoBanana.Sdk.Http;
using NanoBanana.Sdk.Pricing;
using RichardSzalay.MockHttp;
using static NanoBanana.Sdk.Tests.Official.OfficialTestKit;

namespace NanoBanana.Sdk.Tests.Http;

/// <summary>The route-neutral pipeline, seen through the official client: metadata, attempts, handler exceptions, outcomes.</summary>
public sealed class ServicePipelineTests
{
    private static readonly byte[] Image = Png(1024, 1024);

    [Fact]
    public async Task Every_request_carries_its_metadata_for_handlers_to_partition_on()
    {
        NanoBananaRequestMetadata? seen = null;
        using var mock = new MockHttpMessageHandler();
        mock.When("*").Respond(request =>
        {
            Assert.True(NanoBananaRequestMetadata.TryGet(request, out seen));
            return Json(InteractionAnswer(Image));
        });
        using var client = new OfficialImageClient(Options(configure: o => o.ProjectId = "proj-7"), mock.ToHttpClient());

        await client.GenerateAsync(new ImageRequest("p") { Model = "gemini-3-pro-image", ClientRequestId = "order-42" });

        Assert.NotNull(seen);
        Assert.Equal(ImageRoute.Official, seen.Route);
        Assert.Equal(PriceLane.GoogleStandard, seen.Lane);
        Assert.Equal("proj-7", seen.ProjectId);
        Assert.Equal("gemini-3-pro-image", seen.Model);
        Assert.Equal("order-42", seen.ClientRequestId);
        Assert.True(seen.IsPaidGeneration);
    }

    [Fact]
    public async Task Retries_made_by_a_handler_are_counted_on_the_result_and_in_the_cost_record()
    {
        using var mock = new MockHttpMessageHandler();
        mock.Expect("*").Respond(HttpStatusCode.ServiceUnavailable);
        mock.Expect("*").Respond(_ => Json(InteractionAnswer(Image)));
        using var http = new HttpClient(new ResendOn503(new AttemptCountingHandler(mock)));
        using var client = new OfficialImageClient(Options(), http);

        var result = await client.GenerateAsync("p");

        Assert.Equal(2, result.Attempts);
        Assert.Equal(1, result.Cost.Retries);
        mock.VerifyNoOutstandingExpectation();
    }

    [Fact]
    public async Task The_body_is_created_afresh_for_each_send_so_a_handler_can_resend_it()
    {
        var bodies = new List<string>();
        using var mock = new MockHttpMessageHandler();
        mock.Expect("*").Respond(async request => { bodies.Add(await request.Content!.ReadAsStringAsync()); return new HttpResponseMessage(HttpStatusCode.ServiceUnavailable); });
        mock.Expect("*").Respond(async request => { bodies.Add(await request.Content!.ReadAsStringAsync()); return Json(InteractionAnswer(Image)); });
        using var http = new HttpClient(new ResendOn503(new AttemptCountingHandler(mock)));
        using var client = new OfficialImageClient(Options(), http);

        await client.GenerateAsync("a red banana");

        Assert.Equal(2, bodies.Count);
        Assert.Equal(bodies[0], bodies[1]);
        Assert.Contains("a red banana", bodies[1], StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_client_built_on_a_source_takes_an_HttpClient_per_call()
    {
        using var mock = new MockHttpMessageHandler();
        mock.When("*").Respond(_ => Json(InteractionAnswer(Image)));
        var taken = 0;
        using var client = new OfficialImageClient(Options(), () => { taken++; return mock.ToHttpClient(); });

        await client.GenerateAsync("p");
        await client.GenerateAsync("p");

        Assert.Equal(2, taken);
    }

    public static TheoryData<Exception, ErrorKind, BillingOutcome, Type> HandlerExceptions => new()
    {
        { new Polly.CircuitBreaker.BrokenCircuitException("open"), ErrorKind.RejectedByClientPipeline, BillingOutcome.NotSent, typeof(ServiceUnavailableException) },
        { new Polly.RateLimiting.RateLimiterRejectedException("no permit"), ErrorKind.RejectedByClientPipeline, BillingOutcome.NotSent, typeof(ServiceUnavailableException) },
        { new Polly.Timeout.TimeoutRejectedException("attempt timeout"), ErrorKind.ClientTimeout, BillingOutcome.Timeout, typeof(ServiceTimeoutException) },
        { new InvalidOperationException("a user's handler broke"), ErrorKind.RejectedByClientPipeline, BillingOutcome.ConnectionLost, typeof(NanoBananaException) },
    };

    [Theory]
    [MemberData(nameof(HandlerExceptions))]
    public async Task Exceptions_from_the_handler_chain_are_classified_never_raw(Exception thrown, ErrorKind kind, BillingOutcome outcome, Type type)
    {
        using var http = new HttpClient(new Throws(thrown));
        using var client = new OfficialImageClient(Options(), http);

        var error = await Assert.ThrowsAnyAsync<NanoBananaException>(() => client.GenerateAsync("p"));

        Assert.IsType(type, error);
        Assert.Equal(kind, error.Kind);
        Assert.Equal(outcome, error.Cost!.Outcome);
        Assert.Same(thrown.GetType(), error.InnerException!.GetType());
        Assert.DoesNotContain(Key, error.ToString(), StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public async Task A_connection_that_was_never_made_is_NotSent_and_not_billable_even_on_a_provider_rule()
    {
        using var http = new HttpClient(new Throws(new HttpRequestException(HttpRequestError.ConnectionError, "Connection refused", new SocketException((int)SocketError.ConnectionRefused))));
        using var client = new OfficialImageClient(Options(), http);

        var error = await Assert.ThrowsAsync<ServiceUnavailableException>(() => client.GenerateAsync("p"));

        Assert.Equal(ErrorKind.ConnectionFailed, error.Kind);
        Assert.Equal(BillingOutcome.NotSent, error.Cost!.Outcome);
        Assert.False(error.Cost.Billable);
        Assert.True(error.IsTransient);
        Assert.Contains("never left this machine", error.NextMove, StringComparison.Ordinal);
        Assert.False(FailedCallRule.UnprovenProvider.IsBillable(BillingOutcome.NotSent, null));
    }

    [Fact]
    public async Task A_connection_lost_after_sending_is_ConnectionLost_and_says_the_image_may_exist()
    {
        using var http = new HttpClient(new Throws(new HttpRequestException(HttpRequestError.ResponseEnded, "The response ended prematurely.")));
        using var client = new OfficialImageClient(Options(), http);

        var error = await Assert.ThrowsAsync<ServiceUnavailableException>(() => client.GenerateAsync("p"));

        Assert.Equal(ErrorKind.ConnectionLost, error.Kind);
        Assert.Equal(BillingOutcome.ConnectionLost, error.Cost!.Outcome);
        Assert.Contains("do not resend it blindly", error.NextMove, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_cancelled_call_throws_the_callers_token_and_still_logs_a_cost_record()
    {
        using var cts = new CancellationTokenSource();
        using var http = new HttpClient(new CancelsThenWaits(cts));
        var logger = new ListLogger();
        using var client = new OfficialImageClient(Options(), http, logger);

        var error = await Assert.ThrowsAnyAsync<OperationCanceledException>(() => client.GenerateAsync("p", cts.Token));

        Assert.Equal(cts.Token, error.CancellationToken);
        var line = Assert.Single(logger.Lines, l => l.Id == 103);
        Assert.Contains("cancelled by the caller", line.Text, StringComparison.Ordinal);
        Assert.Contains("Cancelled", line.Text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Log_lines_use_the_central_event_ids_and_name_the_route_never_the_key()
    {
        using var mock = new MockHttpMessageHandler();
        mock.Expect("*").Respond(_ => Json(InteractionAnswer(Image)));
        mock.Expect("*").Respond(HttpStatusCode.TooManyRequests);
        var logger = new ListLogger();
        using var client = new OfficialImageClient(Options(), mock.ToHttpClient(), logger);

        await client.GenerateAsync("p");
        await Assert.ThrowsAsync<RateLimitException>(() => client.GenerateAsync("p"));

        Assert.Contains(logger.Lines, l => l.Id == 100 && l.Text.StartsWith("NanoBanana Official call", StringComparison.Ordinal) && l.Text.Contains("1 attempt(s)", StringComparison.Ordinal));
        Assert.Contains(logger.Lines, l => l.Id == 102 && l.Text.Contains("RateLimited", StringComparison.Ordinal));
        Assert.Contains(logger.Lines, l => l.Id == 104 && l.Level == LogLevel.Debug);
        Assert.All(logger.Lines, l => Assert.DoesNotContain(Key, l.Text, StringComparison.OrdinalIgnoreCase));
    }

    [Fact]
    public async Task Results_carry_the_response_status_and_the_headers_that_matter()
    {
        using var mock = new MockHttpMessageHandler();
        mock.When("*").Respond(_ =>
        {
            var answer = Json(InteractionAnswer(Image));
            answer.Headers.TryAddWithoutValidation("x-request-id", "req-1");
            answer.Headers.TryAddWithoutValidation("x-ratelimit-remaining-requests", "41");
            answer.Headers.TryAddWithoutValidation("x-irrelevant", "dropped");
            return answer;
        });
        using var client = new OfficialImageClient(Options(), mock.ToHttpClient());

        var result = await client.GenerateAsync("p");

        Assert.Equal(200, result.Response!.Status);
        Assert.Equal("req-1", result.Response.RequestId);
        Assert.Equal("41", result.Response.Headers["x-ratelimit-remaining-requests"]);
        Assert.False(result.Response.Headers.ContainsKey("x-irrelevant"));
        Assert.Equal(FinishKind.Completed, result.FinishKind);
        Assert.NotNull(result.Latency);
    }

    [Fact]
    public async Task A_flex_call_gets_at_least_fifteen_minutes()
    {
        var time = new Microsoft.Extensions.Time.Testing.FakeTimeProvider();
        using var http = new HttpClient(new NeverAnswers());
        using var client = new OfficialImageClient(Options(configure: o => { o.Timeout = TimeSpan.FromSeconds(360); o.TimeProvider = time; o.Model = "gemini-3-pro-image"; }), http);

        var call = client.GenerateAsync(new ImageRequest("p") { Google = new GoogleImageOptions { ServiceTier = ServiceTier.Flex } });
        time.Advance(TimeSpan.FromMinutes(14));
        await Task.Yield();
        Assert.False(call.IsCompleted, "a Flex call must not be cut before 15 minutes");
        time.Advance(TimeSpan.FromMinutes(1.5));

        var error = await Assert.ThrowsAsync<ServiceTimeoutException>(() => call);
        Assert.Equal(ErrorKind.ClientTimeout, error.Kind);
    }

    private sealed class ResendOn503(HttpMessageHandler inner) : DelegatingHandler(inner)
    {
        protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            var response = await base.SendAsync(request, cancellationToken);
            if (response.StatusCode != HttpStatusCode.ServiceUnavailable)
            {
                return response;
            }

            response.Dispose();
            using var again = new HttpRequestMessage(request.Method, request.RequestUri) { Content = request.Content };
            foreach (var option in request.Options)
            {
                again.Options.TryAdd(option.Key, option.Value);
            }

            foreach (var header in request.Headers)
            {
                again.Headers.TryAddWithoutValidation(header.Key, header.Value);
            }

            var second = await base.SendAsync(again, cancellationToken);
            second.RequestMessage = request;
            return second;
        }
    }

    private sealed class Throws(Exception exception) : HttpMessageHandler
    {
        protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken) => Task.FromException<HttpResponseMessage>(exception);
    }

    private sealed class NeverAnswers : HttpMessageHandler
    {
        protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            await Task.Delay(Timeout.InfiniteTimeSpan, cancellationToken);
            throw new InvalidOperationException("unreachable");
        }
    }

    private sealed class CancelsThenWaits(CancellationTokenSource cts) : HttpMessageHandler
    {
        protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            await cts.CancelAsync();
            await Task.Delay(Timeout.InfiniteTimeSpan, cancellationToken);
            throw new InvalidOperationException("unreachable");
        }
    }

    internal sealed class ListLogger : ILogger
    {
        public List<(int Id, LogLevel Level, string Text)> Lines { get; } = [];

        public IDisposable? BeginScope<TState>(TState state)
            where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => true;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            lock (Lines)
            {
                Lines.Add((eventId.Id, logLevel, formatter(state, exception)));
            }
        }
    }
}
