using System.Net;

namespace NanoBanana.Sdk.Emulator.Tests;

public sealed class JournalTests
{
    [Fact]
    public async Task Records_requests_with_every_credential_redacted()
    {
        var time = new Microsoft.Extensions.Time.Testing.FakeTimeProvider(new DateTimeOffset(2026, 11, 23, 9, 0, 0, TimeSpan.Zero));
        var lines = new List<string>();
        var options = new NanoBananaEmulatorOptions { TimeProvider = time, RequestLog = line => { lock (lines) { lines.Add(line); } } };
        await using var emulator = await NanoBananaEmulator.StartAsync(options, CancellationToken.None);
        using var http = Client.For(emulator);
        var body = Client.GenerateBody("journal me");

        await http.SendAsync(Client.Post(Client.GeneratePath("gemini-3.1-flash-image"), body, key: "secret-header-key"));
        await http.SendAsync(Client.Post(Client.GeneratePath("gemini-3.1-flash-image") + "?alt=json&key=secret-query-key", body, key: null));
        var bearer = Client.Post(Client.GeneratePath("gemini-3.1-flash-image"), body, key: null);
        bearer.Headers.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", "secret-bearer");
        await http.SendAsync(bearer);

        var entries = emulator.Journal.Entries;
        Assert.Equal(3, entries.Count);
        Assert.All(entries, e => Assert.Equal("POST", e.Method));
        Assert.Equal("***", entries[0].Headers["x-goog-api-key"]);
        Assert.Equal("/v1beta/models/gemini-3.1-flash-image:generateContent?alt=json&key=***", entries[1].Path);
        Assert.Equal("***", entries[2].Headers["Authorization"]);
        Assert.Equal([200, 200, 401], entries.Select(e => e.Status));
        Assert.Equal(body, entries[0].Body);
        Assert.Equal(time.GetUtcNow(), entries[0].Timestamp);
        Assert.True(entries[0].Duration > TimeSpan.Zero);
        var everything = string.Join("\n", entries.Select(e => $"{e.Path} {string.Join(",", e.Headers.Values)} {e.Body}")) + string.Join("\n", lines);
        Assert.DoesNotContain("secret", everything, StringComparison.Ordinal);
        Assert.Equal(3, lines.Count);
        Assert.Matches(@"^POST /v1beta/models/gemini-3\.1-flash-image:generateContent 200 \d+ms$", lines[0]);

        emulator.Journal.Clear();
        Assert.Equal(0, emulator.Journal.Count);
    }

    [Fact]
    public async Task Oversized_bodies_are_rejected_like_the_real_service_and_journaled()
    {
        await using var emulator = await NanoBananaEmulator.StartAsync(new NanoBananaEmulatorOptions { MaxRequestBodyBytes = 1000 }, CancellationToken.None);
        using var http = Client.For(emulator);

        var (response, json) = await Client.GenerateAsync(http, "gemini-3.1-flash-image", Client.GenerateBody(new string('x', 2000)));

        Client.AssertError(response, json, 400, "INVALID_ARGUMENT");
        Assert.Contains("payload size exceeds the limit: 1000 bytes", json.GetProperty("error").GetProperty("message").GetString(), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.BadRequest, (HttpStatusCode)emulator.Journal.Entries.Single().Status);
    }
}
