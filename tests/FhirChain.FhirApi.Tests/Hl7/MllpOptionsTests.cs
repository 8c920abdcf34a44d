using FhirChain.FhirApi.Tests.Infrastructure;
using Microsoft.Extensions.Options;

namespace FhirChain.FhirApi.Tests.Hl7v2;

/// <summary>Bad Mllp settings stop the server at start with a message naming the key.</summary>
public sealed class MllpOptionsTests
{
    [Theory]
    [InlineData("Mllp:Address", "not-an-address")]
    [InlineData("Mllp:Port", "70000")]
    public async System.Threading.Tasks.Task Invalid_setting_stops_the_start_naming_the_key(string key, string value)
    {
        var thrown = await Should.ThrowAsync<Exception>(() => TestServer.StartAsync(DatabaseKind.Sqlite, new Dictionary<string, string?> { [key] = value }));

        // The test host wraps start failures (TargetInvocationException, AggregateException): find the validation error inside.
        static IEnumerable<Exception> All(Exception e) =>
            new[] { e }.Concat(e is AggregateException aggregate ? aggregate.InnerExceptions.SelectMany(All) : e.InnerException is { } inner ? All(inner) : []);

        All(thrown).OfType<OptionsValidationException>().ShouldContain(e => e.Message.Contains(key), $"no validation error naming {key} in: {thrown}");
    }
}
