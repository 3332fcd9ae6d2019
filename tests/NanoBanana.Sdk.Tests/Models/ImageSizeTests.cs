
namespace NanoBanana.Sdk.Tests.Models;

public class ImageSizeTests
{
    [Theory]
    [InlineData("512")]
    [InlineData("1K")]
    [InlineData("2K")]
    [InlineData("4K")]
    public void Allowed_sizes_parse_and_keep_their_wire_spelling(string value)
    {
        var size = ImageSize.Parse(value);

        Assert.Equal(value, size.Value);
        Assert.Equal(value, size.ToString());
        Assert.True(ImageSize.TryParse(value, out var parsed));
        Assert.Equal(size, parsed);
        Assert.Contains(size, ImageSize.All);
    }

    [Fact]
    public void A_lowercase_k_is_rejected_with_the_allowed_values_and_the_fix()
    {
        var ex = Assert.Throws<ArgumentException>("value", () => ImageSize.Parse("1k"));

        Assert.Contains("Image size '1k' is not valid. Allowed values: 512, 1K, 2K, 4K.", ex.Message, StringComparison.Ordinal);
        Assert.Contains("Sizes use an uppercase K: '1K'.", ex.Message, StringComparison.Ordinal);
        Assert.False(ImageSize.TryParse("1k", out _));
    }

    [Theory]
    [InlineData("3K")]
    [InlineData("")]
    [InlineData(" 1K")]
    [InlineData("1024")]
    public void Other_values_fail_naming_the_allowed_values(string value)
    {
        var ex = Assert.Throws<ArgumentException>("value", () => ImageSize.Parse(value));
        Assert.Contains("Allowed values: 512, 1K, 2K, 4K.", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void The_error_names_the_callers_parameter()
    {
        Assert.Throws<ArgumentException>("imageSize", () => ImageSize.Parse(null, "imageSize"));
        Assert.Throws<ArgumentException>("options.Size", () => ImageSize.Parse("8K", "options.Size"));
    }

    [Fact]
    public void Default_is_1K_and_equality_is_by_value()
    {
        Assert.Equal("1K", default(ImageSize).Value);
        Assert.Equal(ImageSize.OneK, default);
        Assert.True(ImageSize.Parse("4K") == ImageSize.FourK);
        Assert.True(ImageSize.TwoK != ImageSize.FourK);
        Assert.Equal(ImageSize.OneK.GetHashCode(), default(ImageSize).GetHashCode());
        Assert.Equal("512, 1K, 2K, 4K", ImageSize.AllowedValues);
    }
}
