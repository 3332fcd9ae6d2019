using System.Net;
using System.Net.Sockets;
using System.Text;
using NanoBanana.Sdk.Errors;
using NanoBanana.Sdk.Pricing;
using NSubstitute;
using static NanoBanana.Sdk.Tests.Official.OfficialTestKit;

namespace NanoBanana.Sdk.Tests.Official;

/// <summary>
/// Redirects over real loopback HTTP: .NET resends custom headers such as x-goog-api-key when it follows one,
/// so the client's own HttpClient must not follow, and a caller's client that does must not pass silently.
/// </summary>
public sealed class OfficialKeySafetyTests
{
    [Fact]
    public async Task DefaultHttpClient_DoesNotFollowARedirect_SoTheKeyNeverReachesTheTarget()
    {
        await using var target = LoopbackServer.Start(_ => (200, InteractionAnswer(Png(8, 8)), null));
        await using var redirector = LoopbackServer.Start(_ => (307, string.Empty, target.Url + "v1beta/interactions"));
        var client = new OfficialImageClient(Options(configure: o => o.BaseUrl = new Uri(redirector.Url)));

        var error = await Assert.ThrowsAsync<MalformedResponseException>(() => client.GenerateAsync("p"));

        Assert.Equal(307, error.StatusCode);
        Assert.Contains("not followed", error.Message, StringComparison.Ordinal);
        Assert.Single(redirector.Requests);
        Assert.Empty(target.Requests);
        Assert.DoesNotContain(Key, error.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task CallersHttpClientThatFollowsRedirects_IsDetected_AndTheAnswerRefused()
    {
        await using var target = LoopbackServer.Start(_ => (200, InteractionAnswer(Png(8, 8)), null));
        await using var redirector = LoopbackServer.Start(_ => (307, string.Empty, target.Url + "v1beta/interactions"));
        using var following = new HttpClient();
        var client = new OfficialImageClient(Options(configure: o => o.BaseUrl = new Uri(redirector.Url)), following);

        var error = await Assert.ThrowsAsync<MalformedResponseException>(() => client.GenerateAsync("p"));

        // This is the leak the default client prevents: the followed request carried the key to another origin.
        Assert.Equal(Key, Assert.Single(target.Requests)["x-goog-api-key"]);
        Assert.Contains("followed a redirect", error.Message, StringComparison.Ordinal);
        Assert.Contains("AllowAutoRedirect = false", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task LoopbackHttp_RoundTripsWithTheKeyInTheHeaderOnly()
    {
        await using var server = LoopbackServer.Start(_ => (200, InteractionAnswer(Png(300, 200)), null));
        var client = new OfficialImageClient(Options(configure: o => o.BaseUrl = new Uri(server.Url)));

        var result = await client.GenerateAsync("p");

        Assert.Equal((300, 200), result.Image.TryGetDimensions());
        var request = Assert.Single(server.Requests);
        Assert.Equal(Key, request["x-goog-api-key"]);
        Assert.Equal("/v1beta/interactions", request[":path"]);
    }

    [Fact]
    public async Task ClientIsMockable_ThroughTheInterface()
    {
        // The class is sealed (immutable, thread-safe, not designed for inheritance); callers depend on the interface.
        var result = new ImageGenerationResult
        {
            Images = [new GeneratedImage(Png(4, 4), "image/png")],
            Model = ModelCatalog.Default.Resolve(ImageModel.FlashImageId),
            Latency = TimeSpan.FromSeconds(1),
            Route = ImageRoute.Official,
            Lane = PriceLane.GoogleStandard,
            Cost = new CostRecord
            {
                Route = ImageRoute.Official,
                Lane = PriceLane.GoogleStandard,
                ModelId = ImageModel.FlashImageId,
                Size = ImageSize.OneK,
                Operation = ImageOperation.Generate,
                PriceStatus = PriceStatus.Found,
                Billable = true,
            },
        };
        var client = Substitute.For<IOfficialImageClient>();
        client.GenerateAsync("p", Arg.Any<CancellationToken>()).Returns(result);
        client.GenerateAsync(Arg.Is<ImageRequest>(r => r.Prompt == "q"), Arg.Any<CancellationToken>()).Returns(result);

        Assert.Same(result, await client.GenerateAsync("p"));
        Assert.Same(result, await client.GenerateAsync(new ImageRequest("q")));
        Assert.True(typeof(IOfficialImageClient).IsAssignableFrom(typeof(OfficialImageClient)));
    }

    /// <summary>A minimal HTTP/1.1 server on 127.0.0.1 that records request headers and answers from a callback.</summary>
    private sealed class LoopbackServer : IAsyncDisposable
    {
        private readonly TcpListener _listener;
        private readonly Func<string, (int Status, string Body, string? Location)> _answer;
        private readonly CancellationTokenSource _stop = new();
        private readonly Task _loop;

        private LoopbackServer(Func<string, (int Status, string Body, string? Location)> answer)
        {
            _answer = answer;
            _listener = new TcpListener(IPAddress.Loopback, 0);
            _listener.Start();
            Url = $"http://127.0.0.1:{((IPEndPoint)_listener.LocalEndpoint).Port}/";
            _loop = Task.Run(AcceptAsync);
        }

        public string Url { get; }

        public List<Dictionary<string, string>> Requests { get; } = [];

        public static LoopbackServer Start(Func<string, (int Status, string Body, string? Location)> answer) => new(answer);

        public async ValueTask DisposeAsync()
        {
            await _stop.CancelAsync();
            _listener.Stop();
            try
            {
                await _loop;
            }
            catch (Exception ex) when (ex is OperationCanceledException or SocketException or ObjectDisposedException)
            {
            }

            _stop.Dispose();
        }

        private async Task AcceptAsync()
        {
            while (!_stop.IsCancellationRequested)
            {
                using var socket = await _listener.AcceptTcpClientAsync(_stop.Token);
                await using var stream = socket.GetStream();
                var headers = await ReadRequestAsync(stream);
                lock (Requests)
                {
                    Requests.Add(headers);
                }

                var (status, body, location) = _answer(headers[":path"]);
                var bytes = Encoding.UTF8.GetBytes(body);
                var head = new StringBuilder()
                    .Append("HTTP/1.1 ").Append(status).Append(status == 200 ? " OK" : " Redirect").Append("\r\n")
                    .Append("Content-Type: application/json\r\nConnection: close\r\nContent-Length: ").Append(bytes.Length).Append("\r\n");
                if (location is not null)
                {
                    head.Append("Location: ").Append(location).Append("\r\n");
                }

                await stream.WriteAsync(Encoding.ASCII.GetBytes(head.Append("\r\n").ToString()));
                await stream.WriteAsync(bytes);
            }
        }

        private static async Task<Dictionary<string, string>> ReadRequestAsync(NetworkStream stream)
        {
            var buffer = new List<byte>();
            var one = new byte[1];
            while (!EndsWithBlankLine(buffer) && await stream.ReadAsync(one) == 1)
            {
                buffer.Add(one[0]);
            }

            var lines = Encoding.ASCII.GetString([.. buffer]).Split("\r\n", StringSplitOptions.RemoveEmptyEntries);
            var headers = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase) { [":path"] = lines[0].Split(' ')[1] };
            foreach (var line in lines.Skip(1))
            {
                var colon = line.IndexOf(':', StringComparison.Ordinal);
                headers[line[..colon].Trim()] = line[(colon + 1)..].Trim();
            }

            var length = headers.TryGetValue("Content-Length", out var value) ? int.Parse(value, System.Globalization.CultureInfo.InvariantCulture) : 0;
            var body = new byte[length];
            await stream.ReadExactlyAsync(body);
            return headers;
        }

        private static bool EndsWithBlankLine(List<byte> buffer) =>
            buffer.Count >= 4 && buffer[^4] == '\r' && buffer[^3] == '\n' && buffer[^2] == '\r' && buffer[^1] == '\n';
    }
}
