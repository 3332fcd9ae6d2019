using Xunit;

namespace NanoBanana.Sdk.Tests.Routing;

public class GoogleQuotaDayTests
{
    [Theory]
    [InlineData("2026-11-30T07:59:59Z", "2026-11-29")] // PST: 23:59:59 the day before
    [InlineData("2026-11-30T08:00:00Z", "2026-11-30")] // PST midnight
    [InlineData("2026-07-01T06:59:59Z", "2026-06-30")] // PDT: 23:59:59 the day before
    [InlineData("2026-07-01T07:00:00Z", "2026-07-01")] // PDT midnight
    [InlineData("2026-03-08T09:59:59Z", "2026-03-08")] // 01:59:59 PST on the spring-forward day
    [InlineData("2026-11-01T08:59:59Z", "2026-11-01")] // 01:59:59 PDT on the fall-back day
    public void The_day_turns_at_midnight_Pacific(string instant, string day)
        => Assert.Equal(DateOnly.Parse(day), GoogleQuotaDay.For(DateTimeOffset.Parse(instant)));

    [Theory]
    [InlineData("2026-03-08T09:59:59Z", -8)]
    [InlineData("2026-03-08T10:00:00Z", -7)]
    [InlineData("2026-11-01T08:59:59Z", -7)]
    [InlineData("2026-11-01T09:00:00Z", -8)]
    public void Offsets_follow_US_daylight_saving(string instant, int hours)
        => Assert.Equal(TimeSpan.FromHours(hours), GoogleQuotaDay.OffsetAt(DateTimeOffset.Parse(instant)));

    [Theory]
    [InlineData("2026-11-30T01:00:00Z", "2026-11-30T08:00:00Z")]
    [InlineData("2026-07-01T12:00:00Z", "2026-07-02T07:00:00Z")]
    [InlineData("2026-03-07T12:00:00Z", "2026-03-08T08:00:00Z")] // the midnight before spring-forward is still PST
    [InlineData("2026-03-08T12:00:00Z", "2026-03-09T07:00:00Z")]
    [InlineData("2026-11-01T12:00:00Z", "2026-11-02T08:00:00Z")]
    public void Next_reset_is_the_next_midnight_Pacific(string instant, string reset)
        => Assert.Equal(DateTimeOffset.Parse(reset), GoogleQuotaDay.NextReset(DateTimeOffset.Parse(instant)));
}

public class InMemoryBudgetLedgerTests
{
    private static readonly DateOnly Day = new(2026, 11, 30);

    private static BudgetCharge Charge(decimal usd, decimal? totalLimit, decimal? routeLimit = null, DateOnly? day = null) => new()
    {
        Day = day ?? Day,
        AmountUsd = usd,
        Limits = [new BudgetLimit { Scope = "total", LimitUsd = totalLimit }, new BudgetLimit { Scope = "route:Official", LimitUsd = routeLimit }],
    };

    [Fact]
    public async Task Reserves_on_every_scope_until_a_limit_would_be_passed_and_names_it()
    {
        var ledger = new InMemoryBudgetLedger();
        Assert.True((await ledger.TryReserveAsync(Charge(0.6m, 1m))).Accepted);
        var refused = await ledger.TryReserveAsync(Charge(0.5m, 1m));

        Assert.False(refused.Accepted);
        Assert.Equal("total", refused.RefusedScope);
        Assert.Equal(1m, refused.LimitUsd);
        Assert.Equal(0.6m, refused.SpentUsd);
        Assert.Equal(0.1m, refused.OverByUsd);
        Assert.Equal(0.6m, await ledger.GetSpentAsync("total", Day));
        Assert.Equal(0.6m, await ledger.GetSpentAsync("route:Official", Day));
    }

    [Fact]
    public async Task A_refusal_on_a_later_scope_charges_no_scope()
    {
        var ledger = new InMemoryBudgetLedger();
        var refused = await ledger.TryReserveAsync(Charge(0.5m, totalLimit: 10m, routeLimit: 0.4m));

        Assert.False(refused.Accepted);
        Assert.Equal("route:Official", refused.RefusedScope);
        Assert.Equal(0m, await ledger.GetSpentAsync("total", Day));
    }

    [Fact]
    public async Task Settling_replaces_the_estimate_with_the_actual_cost()
    {
        var ledger = new InMemoryBudgetLedger();
        var reservation = await ledger.TryReserveAsync(Charge(0.134m, null));
        await ledger.SettleAsync(reservation, 0m);
        var second = await ledger.TryReserveAsync(Charge(0.134m, null));
        await ledger.SettleAsync(second, 0.101m);

        Assert.Equal(0.101m, await ledger.GetSpentAsync("total", Day));
        await Assert.ThrowsAsync<ArgumentException>(async () =>
            await ledger.SettleAsync(new BudgetReservation { Accepted = false, Charge = Charge(1m, 0m) }, 0m));
    }

    [Fact]
    public async Task Days_are_counted_apart_and_old_days_are_forgotten()
    {
        var ledger = new InMemoryBudgetLedger();
        await ledger.TryReserveAsync(Charge(1m, 1m));
        Assert.True((await ledger.TryReserveAsync(Charge(1m, 1m, day: Day.AddDays(1)))).Accepted);
        await ledger.TryReserveAsync(Charge(1m, null, day: Day.AddDays(3)));

        Assert.Equal(0m, await ledger.GetSpentAsync("total", Day));
        Assert.Equal(1m, await ledger.GetSpentAsync("total", Day.AddDays(3)));
    }
}
