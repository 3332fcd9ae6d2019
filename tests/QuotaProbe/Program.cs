// One instance of an app for the multi-process quota test. Arguments: base URL, API key, project, Redis connection,
// key prefix, requests per minute for gemini-3.1-flash-image. It prints "ready", then for each stdin line
// "run <model> <count>" sends <count> image calls at once and prints one "result ..." line per call and "done";
// "quit" (or the end of stdin) exits.
using System.Globalization;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using NanoBanana.Sdk;
using NanoBanana.Sdk.Errors;

if (args.Length != 6)
{
    Console.Error.WriteLine("usage: QuotaProbe <base url> <api key> <project> <redis> <key prefix> <flash rpm>");
    return 2;
}

var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
{
    ["NanoBanana:Google:ApiKey"] = args[1],
    ["NanoBanana:Google:BaseUrl"] = args[0],
    ["NanoBanana:Google:ProjectId"] = args[2],
    ["NanoBanana:Official:Transport"] = "GenerateContent",
    ["NanoBanana:Resilience:MaxRetries"] = "0",
    ["NanoBanana:Quota:Redis"] = args[3],
    ["NanoBanana:Quota:KeyPrefix"] = args[4],
    ["NanoBanana:Quota:MaxWait"] = "00:00:10",
    ["NanoBanana:Quota:Timeout"] = "00:00:05",
    ["NanoBanana:Quota:FailureMode"] = "Closed",
    ["NanoBanana:Quota:Models:gemini-3.1-flash-image:RequestsPerMinute"] = args[5],
}).Build();

var services = new ServiceCollection();
services.AddNanoBanana(configuration.GetSection(NanoBananaOptions.SectionName));
await using var provider = services.BuildServiceProvider();
var client = provider.GetRequiredService<IOfficialImageClient>();

// Connect to Redis before saying ready, as an app does at start-up.
_ = provider.GetRequiredService<NanoBananaQuotaLimiter>();

Console.WriteLine("ready");
while (Console.ReadLine() is { } line && line != "quit")
{
    var parts = line.Split(' ', StringSplitOptions.RemoveEmptyEntries);
    if (parts is not ["run", var model, var countText] || !int.TryParse(countText, CultureInfo.InvariantCulture, out var count))
    {
        Console.WriteLine("error unknown command: " + line);
        continue;
    }

    var results = await Task.WhenAll(Enumerable.Range(0, count).Select(async i =>
    {
        try
        {
            await client.GenerateAsync(new ImageRequest($"probe {i}") { Model = model });
            return "result ok - -";
        }
        catch (NanoBananaException ex)
        {
            var status = ex.StatusCode?.ToString(CultureInfo.InvariantCulture) ?? "-";
            var wait = ex.RetryAfter is { } r ? ((long)r.TotalMilliseconds).ToString(CultureInfo.InvariantCulture) : "-";
            return $"result {ex.Kind} {status} {wait}";
        }
    }));
    foreach (var result in results)
    {
        Console.WriteLine(result);
    }

    Console.WriteLine("done");
}

return 0;
