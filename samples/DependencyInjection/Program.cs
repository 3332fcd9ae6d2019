// The DependencyInjection sample: an ASP.NET Core minimal API that gets its image client from AddNanoBanana,
// configured from appsettings.json's "NanoBanana" section, with the SDK's logs and OpenTelemetry spans and metrics on the
// console. With no GEMINI_API_KEY it runs on an embedded emulator.
//   dotnet run --project samples/DependencyInjection                 serve http://127.0.0.1:5080/image?prompt=...
//   dotnet run --project samples/DependencyInjection -- --self-test  start, GET /image once, print, stop (CI runs this)
using NanoBanana.Samples;
using NanoBanana.Sdk;
using OpenTelemetry.Metrics;
using OpenTelemetry.Trace;

var selfTest = args.Contains("--self-test");
await using var backend = await SampleBackend.StartAsync(Console.Out);

var builder = WebApplication.CreateBuilder(args);
if (backend.Emulator is { } emulator)
{
    // Only the connection is overridden; everything else comes from appsettings.json.
    builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
    {
        ["NanoBanana:Google:ApiKey"] = backend.ApiKey,
        ["NanoBanana:Google:BaseUrl"] = emulator.BaseAddress.ToString(),
    });
}

builder.WebHost.UseUrls(selfTest ? "http://127.0.0.1:0" : "http://127.0.0.1:5080");

// <readme:di>
builder.Services.AddNanoBanana(builder.Configuration.GetSection("NanoBanana"));
builder.Services.AddOpenTelemetry()
    .WithTracing(t => t.AddSource("NanoBanana.Sdk").SetSampler(new AlwaysOnSampler()).AddConsoleExporter())
    .WithMetrics(m => m.AddMeter("NanoBanana.Sdk").AddConsoleExporter());

var app = builder.Build();
app.MapGet("/image", async (IOfficialImageClient images, string? prompt, CancellationToken ct) =>
{
    var result = await images.GenerateAsync(new ImageRequest(prompt ?? "A ripe banana on a desk") { Size = ImageSize.OneK }, ct);
    return Results.File(result.Image.Data.ToArray(), result.Image.MimeType);
});
// </readme:di>

if (!selfTest)
{
    await app.RunAsync();
    return 0;
}

await app.StartAsync();
var address = app.Urls.First();
using var http = new HttpClient { BaseAddress = new Uri(address), Timeout = TimeSpan.FromMinutes(7) };
using var response = await http.GetAsync("/image?prompt=A%20banana%20wearing%20sunglasses");
var bytes = await response.Content.ReadAsByteArrayAsync();
Console.WriteLine($"Self-test: GET {address}/image -> {(int)response.StatusCode} {response.Content.Headers.ContentType?.MediaType} ({bytes.Length:N0} bytes)");
await app.StopAsync();
// Disposing the host flushes the OpenTelemetry exporters, so the metrics print before the process ends.
await app.DisposeAsync();
return response.IsSuccessStatusCode && bytes.Length > 0 ? 0 : 1;
