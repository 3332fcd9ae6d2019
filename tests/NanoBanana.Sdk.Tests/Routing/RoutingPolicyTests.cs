using NanoBanana.Sdk.Pricing;

namespace NanoBanana.Sdk.Tests.Routing;

/// <summary>
/// The routing policy, one case per rule of SPEC §1–2, §4 and the lifecycle rules: the route, lane, model, size
/// chosen and the reason codes the plan must give.
/// </summary>
public class RoutingPolicyTests
{
    public sealed record Case(
        string Rule,
        ImageRequest Request,
        ImageRoute Route,
        PriceLane Lane,
        string Model,
        string? Size,
        string[] Reasons,
        Action<RoutingOptions>? Options = null,
        bool Batch = true,
        string? Provider = null)
    {
        public override string ToString() => Rule;
    }

    private static ImageRequest Req(RoutingPreferences? routing = null, string? model = null, ImageSize? size = null, AspectRatio? ratio = null, GoogleImageOptions? google = null) =>
        new("a banana on a desk") { Routing = routing, Model = model, Size = size, AspectRatio = ratio, Google = google };

    public static TheoryData<Case> Cases => new()
    {
        // SPEC §2: default work goes to the catalog's default-tier model, never Pro.
        new("default quality → default-tier model on Standard", Req(), ImageRoute.Official, PriceLane.GoogleStandard, "gemini-nano-banana-2.1", null,
            [RouteReasonCodes.ModelDefault, RouteReasonCodes.UrgencyInteractiveStandard, RouteReasonCodes.SizeDefault, RouteReasonCodes.Price]),
        new("configured default model", Req(), ImageRoute.Official, PriceLane.GoogleStandard, "gemini-3.1-flash-lite-image", null,
            [RouteReasonCodes.ModelDefault], o => o.DefaultModel = "gemini-3.1-flash-lite-image"),

        // SPEC §2: drafts start on Lite.
        new("draft → Lite", Req(new() { Quality = RoutingQuality.Draft }), ImageRoute.Official, PriceLane.GoogleStandard, "gemini-3.1-flash-lite-image", null,
            [RouteReasonCodes.QualityDraftLite]),
        new("draft at 2K → Lite cannot, default model", Req(new() { Quality = RoutingQuality.Draft }, size: ImageSize.TwoK), ImageRoute.Official, PriceLane.GoogleStandard, "gemini-nano-banana-2.1", "2K",
            [RouteReasonCodes.DraftLiteUnsupported]),
        new("draft at 8:1 → Lite cannot, default model", Req(new() { Quality = RoutingQuality.Draft }, ratio: AspectRatio.Landscape8x1), ImageRoute.Official, PriceLane.GoogleStandard, "gemini-nano-banana-2.1", null,
            [RouteReasonCodes.DraftLiteUnsupported]),

        // SPEC §2: Pro is an override, only when asked.
        new("final without AllowPro → default model, says why", Req(new() { Quality = RoutingQuality.Final }), ImageRoute.Official, PriceLane.GoogleStandard, "gemini-nano-banana-2.1", null,
            [RouteReasonCodes.ProNotAsked]),
        new("final with AllowPro → Pro", Req(new() { Quality = RoutingQuality.Final, AllowPro = true }), ImageRoute.Official, PriceLane.GoogleStandard, "gemini-3-pro-image", null,
            [RouteReasonCodes.ProAsked]),
        new("4K without AllowPro → default model at 4K", Req(size: ImageSize.FourK), ImageRoute.Official, PriceLane.GoogleStandard, "gemini-nano-banana-2.1", "4K",
            [RouteReasonCodes.ProNotAsked]),
        new("typography with AllowPro → Pro", Req(new() { NeedsTextFidelity = true, AllowPro = true }), ImageRoute.Official, PriceLane.GoogleStandard, "gemini-3-pro-image", null,
            [RouteReasonCodes.ProAsked]),
        new("typography without AllowPro → default model", Req(new() { NeedsTextFidelity = true }), ImageRoute.Official, PriceLane.GoogleStandard, "gemini-nano-banana-2.1", null,
            [RouteReasonCodes.ProNotAsked]),
        new("a named model is kept", Req(model: "gemini-3-pro-image"), ImageRoute.Official, PriceLane.GoogleStandard, "gemini-3-pro-image", null,
            [RouteReasonCodes.ModelExplicit]),

        // Lifecycle: never a deprecated model when its replacement can serve; shut-down ids never reach Google.
        new("deprecated model → its replacement", Req(model: "gemini-3.1-flash-image"), ImageRoute.Official, PriceLane.GoogleStandard, "gemini-nano-banana-2.1", null,
            [RouteReasonCodes.ModelExplicit, RouteReasonCodes.ModelDeprecatedReplaced]),
        new("deprecated model at 512 → kept (replacement has no 512)", Req(model: "gemini-3.1-flash-image", size: ImageSize.Size512), ImageRoute.Official, PriceLane.GoogleStandard, "gemini-3.1-flash-image", "512",
            [RouteReasonCodes.ModelDeprecatedKept]),
        new("deprecated default model → its replacement", Req(), ImageRoute.Official, PriceLane.GoogleStandard, "gemini-nano-banana-2.1", null,
            [RouteReasonCodes.ModelDefault, RouteReasonCodes.ModelDeprecatedReplaced], o => o.DefaultModel = "gemini-3.1-flash-image"),
        new("shut-down -preview id on Google → current id", Req(model: "gemini-3-pro-image-preview"), ImageRoute.Official, PriceLane.GoogleStandard, "gemini-3-pro-image", null,
            [RouteReasonCodes.ModelShutDownReplaced]),
        new("shut-down -preview id stays a provider alias", Req(new() { PreferredProvider = "laozhang" }, model: "gemini-3-pro-image-preview"), ImageRoute.Provider, PriceLane.Provider, "gemini-3-pro-image-preview", null,
            [RouteReasonCodes.ProviderPreferred], Provider: "laozhang"),
        new("legacy model: compatibility only, no size sent", Req(model: "gemini-2.5-flash-image"), ImageRoute.Official, PriceLane.GoogleStandard, "gemini-2.5-flash-image", null,
            [RouteReasonCodes.ModelLegacy, RouteReasonCodes.SizeNotSent]),

        // SPEC §1: lanes by urgency.
        new("offline → Batch job", Req(new() { Urgency = RoutingUrgency.Offline }), ImageRoute.Batch, PriceLane.GoogleBatch, "gemini-nano-banana-2.1", null,
            [RouteReasonCodes.UrgencyOfflineBatch]),
        new("offline without a Batch client → Standard (no Flex lane)", Req(new() { Urgency = RoutingUrgency.Offline }), ImageRoute.Official, PriceLane.GoogleStandard, "gemini-nano-banana-2.1", null,
            [RouteReasonCodes.UrgencyOfflineNoBatch], Batch: false),
        new("offline Pro without a Batch client → Flex", Req(new() { Urgency = RoutingUrgency.Offline }, model: "gemini-3-pro-image"), ImageRoute.Official, PriceLane.GoogleFlex, "gemini-3-pro-image", null,
            [RouteReasonCodes.UrgencyOfflineNoBatch], Batch: false),
        new("minutes on a model with Flex → Flex", Req(new() { Urgency = RoutingUrgency.Minutes }, model: "gemini-3-pro-image"), ImageRoute.Official, PriceLane.GoogleFlex, "gemini-3-pro-image", null,
            [RouteReasonCodes.UrgencyMinutesFlex]),
        new("minutes on a model without Flex → Standard, explained", Req(new() { Urgency = RoutingUrgency.Minutes }), ImageRoute.Official, PriceLane.GoogleStandard, "gemini-nano-banana-2.1", null,
            [RouteReasonCodes.UrgencyMinutesNoFlex]),
        new("explicit tier pins the official route", Req(new() { PreferredProvider = "laozhang" }, model: "gemini-3-pro-image", google: new() { ServiceTier = ServiceTier.Flex }), ImageRoute.Official, PriceLane.GoogleFlex, "gemini-3-pro-image", null,
            [RouteReasonCodes.PinServiceTier]),

        // SPEC §1, §6: providers.
        new("preferred provider takes interactive work", Req(), ImageRoute.Provider, PriceLane.Provider, "gemini-nano-banana-2.1", null,
            [RouteReasonCodes.ProviderPreferred], o => o.PreferredProvider = "openrouter", Provider: "openrouter"),
        new("request's preferred provider wins over the options'", Req(new() { PreferredProvider = "laozhang" }), ImageRoute.Provider, PriceLane.Provider, "gemini-nano-banana-2.1", null,
            [RouteReasonCodes.ProviderPreferred], o => o.PreferredProvider = "openrouter", Provider: "laozhang"),
        new("only the provider route allowed", Req(), ImageRoute.Provider, PriceLane.Provider, "gemini-nano-banana-2.1", null,
            [RouteReasonCodes.ProviderOnlyRoute], o => o.AllowedRoutes.Add(ImageRoute.Provider), Provider: "laozhang"),
        new("request narrows the routes", Req(new() { AllowedRoutes = [ImageRoute.Provider] }), ImageRoute.Provider, PriceLane.Provider, "gemini-nano-banana-2.1", null,
            [RouteReasonCodes.ProviderOnlyRoute], Provider: "laozhang"),
        new("allowed providers filter the clients", Req(), ImageRoute.Provider, PriceLane.Provider, "gemini-nano-banana-2.1", null,
            [RouteReasonCodes.ProviderOnlyRoute], o => { o.AllowedRoutes.Add(ImageRoute.Provider); o.AllowedProviders.Add("openrouter"); }, Provider: "openrouter"),

        // Pins: a previous interaction, labels and search grounding keep work on Google's routes.
        new("previous interaction pins Official/Interactions", Req(google: new() { PreviousInteractionId = "int_123" }), ImageRoute.Official, PriceLane.GoogleStandard, "gemini-nano-banana-2.1", null,
            [RouteReasonCodes.PinPreviousInteraction], o => o.PreferredProvider = "laozhang"),
        new("labels pin Google routes", Req(google: new() { Labels = new Dictionary<string, string> { ["team"] = "ads" } }), ImageRoute.Official, PriceLane.GoogleStandard, "gemini-nano-banana-2.1", null,
            [RouteReasonCodes.PinLabels], o => o.PreferredProvider = "laozhang"),
        new("labels allow Batch for offline work", Req(new() { Urgency = RoutingUrgency.Offline }, google: new() { Labels = new Dictionary<string, string> { ["team"] = "ads" } }), ImageRoute.Batch, PriceLane.GoogleBatch, "gemini-nano-banana-2.1", null,
            [RouteReasonCodes.PinLabels, RouteReasonCodes.UrgencyOfflineBatch]),
        new("search grounding pins Google routes", Req(google: new() { UseGoogleSearch = true }), ImageRoute.Official, PriceLane.GoogleStandard, "gemini-nano-banana-2.1", null,
            [RouteReasonCodes.PinSearchGrounding], o => o.PreferredProvider = "laozhang"),

        // Budgets: per image, refused or routed down.
        new("per-image budget passed → refused", Req(new() { AllowPro = true, Quality = RoutingQuality.Final, MaxPerImageUsd = 0.2m }, size: ImageSize.FourK), ImageRoute.Official, PriceLane.GoogleStandard, "gemini-3-pro-image", "4K",
            [RouteReasonCodes.ProAsked]),
        new("per-image budget with route-down → lower resolution", Req(new() { AllowPro = true, Quality = RoutingQuality.Final }, size: ImageSize.FourK), ImageRoute.Official, PriceLane.GoogleStandard, "gemini-3-pro-image", "2K",
            [RouteReasonCodes.ProAsked, RouteReasonCodes.FallbackStep, RouteReasonCodes.BudgetRoutedDown],
            o => { o.Budget.PerImageUsd = 0.2m; o.Budget.RouteDown = true; o.Fallback.Add(FallbackStep.LowerResolution); }),
        new("per-image budget with route-down → cheaper model", Req(model: "gemini-3-pro-image"), ImageRoute.Official, PriceLane.GoogleStandard, "gemini-nano-banana-2.1", null,
            [RouteReasonCodes.ModelExplicit, RouteReasonCodes.FallbackStep, RouteReasonCodes.BudgetRoutedDown],
            o => { o.Budget.PerImageUsd = 0.05m; o.Budget.RouteDown = true; o.Fallback.Add(FallbackStep.LowerResolution); o.Fallback.Add(FallbackStep.CheaperModel); }),
    };

    [Theory]
    [MemberData(nameof(Cases))]
    public void Each_rule_decides_and_explains(Case c)
    {
        var client = RoutingTestKit.Client(c.Options, batch: c.Batch);

        var plan = client.Plan(c.Request);

        Assert.Equal(c.Route, plan.Route);
        Assert.Equal(c.Lane, plan.Lane);
        Assert.Equal(c.Model, plan.Model);
        Assert.Equal(c.Size, plan.Size?.Value);
        Assert.Equal(c.Provider, plan.Provider);
        foreach (var code in c.Reasons)
        {
            Assert.True(plan.HasReason(code), $"{c.Rule}: expected reason {code} in{Environment.NewLine}{plan}");
        }

        Assert.All(plan.Reasons, r => Assert.False(string.IsNullOrWhiteSpace(r.Message)));
        // Pro is never reached unless the request asked for it or named it.
        if (plan.ModelId == ImageModel.ProImageId)
        {
            Assert.True(plan.HasReason(RouteReasonCodes.ProAsked) || plan.HasReason(RouteReasonCodes.ModelExplicit), plan.ToString());
        }
    }

    [Fact]
    public void A_refused_plan_names_the_budget_and_the_overrun()
    {
        var plan = RoutingTestKit.Client().Plan(Req(new() { AllowPro = true, Quality = RoutingQuality.Final, MaxPerImageUsd = 0.2m }, size: ImageSize.FourK));

        Assert.True(plan.IsRefused);
        Assert.Equal(RouteReasonCodes.BudgetPerImageExceeded, plan.Refusal!.Code);
        Assert.Contains("$0.24", plan.Refusal.Message, StringComparison.Ordinal);
        Assert.Contains("$0.04", plan.Refusal.Message, StringComparison.Ordinal);
        Assert.Contains("REFUSED", plan.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public void A_budget_with_an_unknown_price_refuses()
    {
        var client = RoutingTestKit.Client(o => o.Budget.PerImageUsd = 1m);

        var plan = client.Plan(Req(model: "gemini-9-unknown-image"));

        Assert.Equal(RouteReasonCodes.BudgetPriceUnknown, plan.Refusal?.Code);
        Assert.Null(plan.UnitPriceUsd);
        Assert.True(plan.HasReason(RouteReasonCodes.PriceMissing));
    }

    [Fact]
    public void The_plan_carries_the_price_its_source_and_date()
    {
        var plan = RoutingTestKit.Client().Plan(Req(model: "gemini-3-pro-image", size: ImageSize.FourK));

        Assert.Equal(0.24m, plan.UnitPriceUsd);
        Assert.Equal(ImageSize.FourK, plan.PricedSize);
        Assert.StartsWith("https://ai.google.dev/gemini-api/docs/pricing", plan.PriceSource, StringComparison.Ordinal);
        Assert.NotNull(plan.PriceCheckedOn);
        Assert.Equal(PriceStatus.Found, plan.PriceStatus);
        // Google bills no 429, 5xx or timeout: the expected retry adds nothing.
        Assert.Equal(0.24m, plan.EstimatedCostUsd);
        var text = plan.ToString();
        Assert.Contains("Official/GoogleStandard gemini-3-pro-image 4K", text, StringComparison.Ordinal);
        Assert.Contains("PRICE: ", text, StringComparison.Ordinal);
    }

    [Fact]
    public void A_provider_estimate_includes_retries_its_failed_call_rule_bills()
    {
        var plan = RoutingTestKit.Client(o => o.PreferredProvider = "laozhang").Plan(Req(model: "gemini-3-pro-image"));

        Assert.Equal(0.09m, plan.UnitPriceUsd);
        // The profile bills timeouts: one expected retry is priced as a full image.
        Assert.Equal(0.18m, plan.EstimatedCostUsd);
        Assert.Contains("retry", plan.EstimateNote, StringComparison.Ordinal);
    }

    [Fact]
    public void Pro_can_never_be_the_default_model()
    {
        var ex = Assert.Throws<ArgumentException>(() => RoutingTestKit.Client(o => o.DefaultModel = "gemini-3-pro-image"));
        Assert.Contains("Routing:DefaultModel", ex.Message, StringComparison.Ordinal);
        Assert.Contains("never the default", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Fallback_never_steps_on_safety_or_auth_errors()
    {
        var ex = Assert.Throws<ArgumentException>(() => RoutingTestKit.Client(o => o.FallbackOn.Add(NanoBanana.Sdk.Errors.ErrorKind.NoImage)));
        Assert.Contains("Routing:FallbackOn 'NoImage'", ex.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(-0.01, 1)]
    [InlineData(1, -1)]
    public void A_negative_budget_is_refused_naming_the_setting(double perImage, double perDay)
    {
        var ex = Assert.Throws<ArgumentException>(() => RoutingTestKit.Client(o => { o.Budget.PerImageUsd = (decimal)perImage; o.Budget.PerDayUsd = (decimal)perDay; }));
        Assert.Contains(perImage < 0 ? "Routing:Budget:PerImageUsd" : "Routing:Budget:PerDayUsd", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_pinned_request_with_its_route_forbidden_is_refused_before_any_call()
    {
        var client = RoutingTestKit.Client(o => o.AllowedRoutes.Add(ImageRoute.Provider));

        var ex = Assert.Throws<ArgumentException>(() => client.Plan(Req(google: new() { PreviousInteractionId = "int_1" })));

        Assert.Contains("PreviousInteractionId pins the official route", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Interactive_work_never_goes_to_Batch()
    {
        var client = RoutingTestKit.Client(o => o.AllowedRoutes.Add(ImageRoute.Batch));

        var ex = Assert.Throws<ArgumentException>(() => client.Plan(Req()));

        Assert.Contains("Interactive", ex.Message, StringComparison.Ordinal);
        Assert.Equal(ImageRoute.Batch, client.Plan(Req(new() { Urgency = RoutingUrgency.Offline })).Route);
    }

    [Fact]
    public void Bad_input_is_refused_naming_the_setting()
    {
        var client = RoutingTestKit.Client();

        Assert.Contains("MaxPerImageUsd", Assert.Throws<ArgumentException>(() => client.Plan(Req(new() { MaxPerImageUsd = -1m }))).Message, StringComparison.Ordinal);
        Assert.Contains("Urgency", Assert.Throws<ArgumentException>(() => client.Plan(Req(new() { Urgency = (RoutingUrgency)9 }))).Message, StringComparison.Ordinal);
        Assert.Contains("1K", Assert.Throws<ArgumentException>(() => client.Plan(Req(model: "gemini-3.1-flash-lite-image", size: ImageSize.FourK))).Message, StringComparison.Ordinal);
    }

    [Fact]
    public void The_same_request_gets_the_same_cached_plan()
    {
        var client = RoutingTestKit.Client();
        var request = Req(new() { Quality = RoutingQuality.Draft });

        Assert.Same(client.Plan(request), client.Plan(request));
        Assert.Same(client.Plan(request), client.Plan(Req(new() { Quality = RoutingQuality.Draft })));
        Assert.NotSame(client.Plan(request), client.Plan(Req()));
    }

    [Fact]
    public void A_previous_interaction_needs_the_Interactions_transport()
    {
        using var official = new OfficialImageClient(new OfficialImageClientOptions
        {
            ApiKey = "AIzaSy-routing-unit-0123456789abcdef",
            Transport = OfficialTransport.GenerateContent,
            EnvironmentVariables = _ => null,
        });
        var client = new NanoBananaClient(official);

        var ex = Assert.Throws<ArgumentException>(() => client.Plan(Req(google: new() { PreviousInteractionId = "int_1" })));

        Assert.Contains("NanoBanana:Official:Transport", ex.Message, StringComparison.Ordinal);
        Assert.Equal(OfficialTransport.Interactions, new NanoBananaClient(NSubstitute.Substitute.For<IOfficialImageClient>())
            .Plan(Req(google: new() { PreviousInteractionId = "int_1" })).RequiredTransport);
    }

    [Fact]
    public void A_client_needs_at_least_one_route()
    {
        var ex = Assert.Throws<ArgumentException>(() => new NanoBananaClient(null));
        Assert.Contains("at least one route client", ex.Message, StringComparison.Ordinal);
    }
}
