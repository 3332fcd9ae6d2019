
namespace NanoBanana.Sdk.Tests.Models;

public class AspectRatioTests
{
    [Fact]
    public void The_standard_and_extended_ratios_are_the_spec_lists()
    {
        Assert.Equal(["1:1", "2:3", "3:2", "3:4", "4:3", "4:5", "5:4", "9:16", "16:9", "21:9"], AspectRatio.Standard.Select(r => r.Value));
        Assert.Equal(["1:4", "4:1", "1:8", "8:1"], AspectRatio.Extended.Select(r => r.Value));
        Assert.Equal(14, AspectRatio.All.Count);
    }

    [Theory]
    [InlineData("16:9", 16, 9)]
    [InlineData("21:9", 21, 9)]
    [InlineData("1:8", 1, 8)]
    public void Ratios_parse_with_their_terms(string value, int width, int height)
    {
        var ratio = AspectRatio.Parse(value);

        Assert.Equal(value, ratio.ToString());
        Assert.Equal(width, ratio.Width);
        Assert.Equal(height, ratio.Height);
    }

    [Theory]
    [InlineData("16x9")]
    [InlineData("16:10")]
    [InlineData("")]
    [InlineData("09:16")]
    public void Invalid_ratios_fail_listing_every_allowed_ratio(string value)
    {
        var ex = Assert.Throws<ArgumentException>("aspectRatio", () => AspectRatio.Parse(value, "aspectRatio"));
        Assert.Contains($"Allowed values: {AspectRatio.AllowedValues}.", ex.Message, StringComparison.Ordinal);
        Assert.Contains("8:1", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Default_is_square()
    {
        Assert.Equal(AspectRatio.Square, default);
        Assert.Equal(1, default(AspectRatio).Width);
    }
}
