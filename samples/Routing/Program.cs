// The Routing sample: what the route-selecting NanoBananaClient decides for a table of typical requests, and why —
// route, lane, model, size and expected cost (the unit price and its public source) — then one of them sent through
// GenerateAsync to show the cost record of a real call.
//   dotnet run --project samples/Routing -- [--run draft|product|poster|poster-pro|catalog|none]
// Plan makes no network call, so the table is the same with or without a key. --run sends one row (default product):
// without GEMINI_API_KEY (or GOOGLE_API_KEY) on an embedded emulator (no network, no cost), with one on the real service
// (billed). The catalog row becomes a Batch job: the result is the job handle (samples/Batch waits for one).
// Exit codes: 0 done, 1 the call failed (the classified error printed), 2 bad options.
using System.Globalization;
using NanoBanana.Samples;
using NanoBanana.Sdk;
using NanoBanana.Sdk.Errors;

// The typical requests: each says what the image needs (ImageRequest.Routing), not which model or lane to use.
(string Key, string Name, ImageRequest Request)[] rows =
[
    ("draft", "draft thumbnail", new ImageRequest("Rough thumbnail: a banana-shaped desk lamp, three angles")
    {
        AspectRatio = AspectRatio.Square,
        Routing = new RoutingPreferences { Quality = RoutingQuality.Draft },
    }),
    ("product", "default product image", new ImageRequest("Studio photo of a yellow ceramic mug on white, soft shadow")
    {
        Size = ImageSize.OneK,
        AspectRatio = AspectRatio.Square,
    }),
    ("poster", "4K poster with text", new ImageRequest("Concert poster, headline 'BANANA JAZZ NIGHT', date and venue in small caps")
    {
        Size = ImageSize.FourK,
        AspectRatio = AspectRatio.Portrait2x3,
        Routing = new RoutingPreferences { Quality = RoutingQuality.Final, NeedsTextFidelity = true },
    }),
    ("poster-pro", "4K poster with text, AllowPro", new ImageRequest("Concert poster, headline 'BANANA JAZZ NIGHT', date and venue in small caps")
    {
        Size = ImageSize.FourK,
        AspectRatio = AspectRatio.Portrait2x3,
        // Set once the default-tier model visibly failed the bar on this poster: Pro is an override, never the default.
        Routing = new RoutingPreferences { Quality = RoutingQuality.Final, NeedsTextFidelity = true, AllowPro = true },
    }),
    ("catalog", "overnight catalog", new ImageRequest("Catalog shot of a knitted banana plush toy on white")
    {
        Size = ImageSize.OneK,
        AspectRatio = AspectRatio.Square,
        ClientRequestId = "sku-003",
        Routing = new RoutingPreferences { Urgency = RoutingUrgency.Offline },
    }),
];

var run = "product";
for (var i = 0; i < args.Length; i++)
{
    var valid = string.Join(", ", rows.Select(r => r.Key).Append("none"));
    switch (args[i])
    {
        case "--run" when i + 1 < args.Length:
            run = args[++i];
            if (run != "none" && !rows.Any(r => r.Key == run))
            {
                Console.Error.WriteLine($"Option --run: '{run}' is not a row. Allowed values: {valid}.");
                return 2;
            }

            break;
        default:
            Console.Error.WriteLine($"Unknown option '{args[i]}'. Options: --run ROW (default product; one of {valid}).");
            return 2;
    }
}

var ct = SampleBackend.CancelOnCtrlC();

await using var backend = await SampleBackend.StartAsync(Console.Out, cancellationToken: ct);

// The facade over the two Google route clients (a provider gateway would be a third: see samples/ProviderProof).
// No call is made until GenerateAsync: building the clients and planning are local.
using var official = new OfficialImageClient(new OfficialImageClientOptions { ApiKey = backend.ApiKey, BaseUrl = backend.BaseUrl });
using var batch = new BatchImageClient(new BatchImageClientOptions { ApiKey = backend.ApiKey, BaseUrl = backend.BaseUrl });
var router = new NanoBananaClient(official, batch);

var plans = rows.Select(r => (r.Key, r.Name, Plan: router.Plan(r.Request))).ToList();

Console.WriteLine();
Console.WriteLine("Plans (Plan makes no network call; prices from the SDK's dated price table):");
Console.WriteLine();
string[] header = ["request", "route", "lane", "model", "size", "unit price", "estimate"];
var table = plans.Select(p => new[]
{
    p.Name,
    p.Plan.Route.ToString(),
    p.Plan.Lane.ToString(),
    p.Plan.Model,
    $"{p.Plan.Size?.Value ?? p.Plan.PricedSize.Value + " (default)"} {p.Plan.AspectRatio?.Value}".TrimEnd(),
    p.Plan.UnitPriceUsd is { } unit ? Usd(unit) : "unknown",
    p.Plan.EstimatedCostUsd is { } estimate ? Usd(estimate) : "unknown",
}).ToList();
var widths = header.Select((h, c) => Math.Max(h.Length, table.Max(r => r[c].Length))).ToArray();
Console.WriteLine(Row(header));
Console.WriteLine(Row(widths.Select(w => new string('-', w)).ToArray()));
foreach (var cells in table)
{
    Console.WriteLine(Row(cells));
}

Console.WriteLine();
Console.WriteLine("Why (the plan's reasons, in the order the policy decided: model, route and lane, size, price):");
foreach (var (_, name, plan) in plans)
{
    Console.WriteLine();
    Console.WriteLine($"{name}:");
    Console.WriteLine($"  price:  {(plan.UnitPriceUsd is { } unit ? $"{Usd(unit)} per image ({plan.PriceStatus}) from {plan.PriceSource}, checked {plan.PriceCheckedOn:yyyy-MM-dd}" : "unknown (no price row; never counted as $0)")}");
    foreach (var reason in plan.Reasons)
    {
        Console.WriteLine($"  reason: {reason}");
    }
}

if (run == "none")
{
    return 0;
}

var (_, runName, request) = rows.Single(r => r.Key == run);
Console.WriteLine();
Console.WriteLine($"Sending '{runName}' through GenerateAsync ({(backend.Emulator is null ? "the real service, billed" : "the embedded emulator")}):");
try
{
    var result = await router.GenerateAsync(request, ct);
    foreach (var attempt in result.Attempts)
    {
        Console.WriteLine($"  attempt:     {attempt}");
    }

    if (result.Image is { } image)
    {
        var cost = image.Cost;
        Console.WriteLine($"  image:       {image.Image.MimeType}, {(image.Image.TryGetDimensions() is var (w, h) ? $"{w} x {h}" : "unreadable header")}, {image.Image.Data.Length:N0} bytes; request id {image.RequestId ?? image.ResponseId ?? "(none)"}");
        Console.WriteLine($"  cost record: {cost}");
        Console.WriteLine($"  unit price:  {(cost.UnitPriceUsd is { } unit ? $"{Usd(unit)} per image, {cost.Lane}, from {cost.PriceSource}, checked {cost.PriceCheckedOn:yyyy-MM-dd}" : $"unknown ({cost.PriceNote})")}");
        Console.WriteLine($"  billing:     {(cost.Billable ? "billable" : "not billable")}{(cost.BillingNote is { } note ? ": " + note : string.Empty)}");
    }
    else
    {
        Console.WriteLine($"  batch job:   {result.BatchJob!.Id}, line key {result.BatchItemKey}: the job bills when it runs; {Usd(result.CostUsd)} stays reserved in the ledger until then.");
    }

    var spent = await router.Ledger.GetSpentAsync("total", GoogleQuotaDay.For(DateTimeOffset.UtcNow), ct);
    Console.WriteLine($"  ledger:      {Usd(spent)} counted today (quota day, scope total)");
    return 0;
}
catch (NanoBananaException ex)
{
    Console.Error.WriteLine($"Failed: {ex.GetType().Name}: {ex.Message}");
    Console.Error.WriteLine($"Likely owner: {ex.LikelyOwner}; next move: {ex.NextMove}; request id {ex.RequestId ?? "(none)"}");
    foreach (var attempt in ex.Attempts)
    {
        Console.Error.WriteLine($"  attempt: {attempt}");
    }

    return 1;
}
catch (OperationCanceledException) when (ct.IsCancellationRequested)
{
    Console.Error.WriteLine("Cancelled.");
    return 130;
}

string Row(string[] cells) => string.Join("  ", cells.Select((c, i) => c.PadRight(widths[i]))).TrimEnd();

static string Usd(decimal amount) => "$" + amount.ToString("0.0000##", CultureInfo.InvariantCulture);
