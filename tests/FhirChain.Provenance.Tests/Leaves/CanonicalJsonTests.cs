using System.Text;
using FhirChain.Provenance.Leaves;

namespace FhirChain.Provenance.Tests.Leaves;

public sealed class CanonicalJsonTests
{
    private static string Canonical(string json) =>
        Encoding.UTF8.GetString(CanonicalJson.Canonicalize(Encoding.UTF8.GetBytes(json)));

    [Fact]
    public void Members_are_sorted_by_UTF16_code_units_not_code_points()
    {
        // U+FB01 sorts after U+1F600 in UTF-16 (0xFB01 > 0xD83D) although its code point is smaller.
        var json = "{\"\uFB01\":5,\"\U0001F600\":4,\"\u20AC\":3,\"a\":2,\"Z\":1,\"aa\":6}";

        Canonical(json).ShouldBe("{\"Z\":1,\"a\":2,\"aa\":6,\"\u20AC\":3,\"\U0001F600\":4,\"\uFB01\":5}");
    }

    [Fact]
    public void Nested_objects_are_sorted_and_arrays_keep_their_order()
    {
        Canonical("""{"b":[{"y":1,"x":2},3,"s"],"a":{"d":true,"c":null}}""")
            .ShouldBe("""{"a":{"c":null,"d":true},"b":[{"x":2,"y":1},3,"s"]}""");
    }

    [Fact]
    public void Strings_are_escaped_as_RFC_8785_says()
    {
        var json = """{"s":"q\"b\\s\/t\t\n\r\b\f\u0001\u001f\u00e9\u20ac\ud83d\ude00 x"}""";

        Canonical(json).ShouldBe("{\"s\":\"q\\\"b\\\\s/t\\t\\n\\r\\b\\f\\u0001\\u001f\u00e9\u20ac\U0001F600 x\"}");
    }

    [Fact]
    public void Escaped_member_names_are_canonicalized_too()
    {
        Canonical("""{"\u0062":1,"a\/":2}""").ShouldBe("""{"a/":2,"b":1}""");
    }

    [Fact]
    public void Numbers_keep_their_source_text()
    {
        Canonical("""{"value":1.50,"big":12345678901234567890,"exp":1E+2,"neg":-0.0}""")
            .ShouldBe("""{"big":12345678901234567890,"exp":1E+2,"neg":-0.0,"value":1.50}""");
    }

    [Fact]
    public void Server_meta_is_stripped_and_an_emptied_meta_removed()
    {
        Canonical("""{"resourceType":"Patient","id":"p","meta":{"versionId":"3","lastUpdated":"2024-01-01T00:00:00Z"}}""")
            .ShouldBe("""{"id":"p","resourceType":"Patient"}""");
    }

    [Fact]
    public void Meta_with_other_members_is_kept_without_the_server_fields()
    {
        Canonical("""{"resourceType":"Patient","meta":{"versionId":"3","profile":["http://x/p"],"lastUpdated":"2024"}}""")
            .ShouldBe("""{"meta":{"profile":["http://x/p"]},"resourceType":"Patient"}""");
    }

    [Fact]
    public void Meta_of_contained_resources_is_not_stripped()
    {
        Canonical("""{"resourceType":"Patient","contained":[{"resourceType":"Organization","meta":{"versionId":"1"}}]}""")
            .ShouldBe("""{"contained":[{"meta":{"versionId":"1"},"resourceType":"Organization"}],"resourceType":"Patient"}""");
    }

    [Fact]
    public void Whitespace_and_member_order_do_not_change_the_canonical_bytes()
    {
        var compact = """{"resourceType":"Observation","valueQuantity":{"value":7.20,"unit":"mmol/L"},"status":"final"}""";
        var pretty = """
            {
              "status" : "final",
              "valueQuantity" : { "unit" : "mmol/L",   "value" : 7.20 },
              "resourceType" : "Observation"
            }
            """;

        CanonicalJson.Canonicalize(Encoding.UTF8.GetBytes(pretty)).ShouldBe(CanonicalJson.Canonicalize(Encoding.UTF8.GetBytes(compact)));
    }

    [Theory]
    [InlineData("{")]
    [InlineData("[1,2]")]
    [InlineData("{\"a\":1} {}")]
    [InlineData("{\"a\":1,\"a\":2}")]
    [InlineData("{\"a\":\"\\ud800\"}")]
    [InlineData("{\"a\":1,}")]
    public void Invalid_or_ambiguous_JSON_is_refused(string json)
    {
        Should.Throw<FormatException>(() => CanonicalJson.Canonicalize(Encoding.UTF8.GetBytes(json)));
    }

    [Fact]
    public void Invalid_UTF8_is_refused()
    {
        Should.Throw<FormatException>(() => CanonicalJson.Canonicalize([(byte)'{', (byte)'"', 0xFF, (byte)'"', (byte)':', (byte)'1', (byte)'}']));
    }

    [Fact]
    public void Content_digest_is_sha256_of_salt_then_content()
    {
        var salt = new byte[32];
        salt[0] = 1;
        var content = "{\"a\":1}"u8.ToArray();

        ContentDigest.Compute(salt, content).ShouldBe(System.Security.Cryptography.SHA256.HashData([.. salt, .. content]));
        ContentDigest.NewSalt().Length.ShouldBe(32);
        ContentDigest.NewSalt().ShouldNotBe(ContentDigest.NewSalt());
    }
}
