using System.Text.Json.Nodes;
using FhirChain.FhirApi.Fhir;
using FhirChain.FhirApi.Search;
using Hl7.Fhir.FhirPath;
using Hl7.Fhir.Model;
using Hl7.FhirPath;
using Hl7.FhirPath.Expressions;

namespace FhirChain.FhirApi.Tests.Search;

/// <summary>
/// The POCO walk that replaces the FHIRPath engine for simple index expressions must select
/// exactly what the engine selects: checked on every sample resource and every search parameter.
/// </summary>
public sealed class SimplePathTests
{
    private static readonly FhirPathCompiler Engine = new(new SymbolTable().AddStandardFP().AddFhirExtensions());

    [Fact]
    public void Simple_paths_select_what_the_FHIRPath_engine_selects_on_every_sample_resource()
    {
        var registry = new SearchParameterRegistry();
        var resources = SampleResources();
        resources.Count.ShouldBeGreaterThan(300);
        var compared = 0;
        foreach (var resource in resources)
        {
            foreach (var definition in registry.Indexed(resource.TypeName))
            {
                compared += Compare(resource, definition.Expression!);
                if (definition.Type == SearchParamType.Composite)
                {
                    foreach (var element in Evaluate(resource, definition.Expression!))
                    {
                        foreach (var component in definition.Components)
                        {
                            compared += Compare(element, component.Expression, resource);
                        }
                    }
                }
            }
        }

        compared.ShouldBeGreaterThan(1_000, "values compared, so the walk was exercised on real data");
    }

    [Theory]
    [InlineData("Patient.deceased.exists() and Patient.deceased != false")]
    [InlineData("Bundle.entry[0].resource")]
    [InlineData("Patient.telecom.where(system='email')")]
    [InlineData("Condition.onset.as(Age) | Condition.onset.first()")]
    public void Expressions_with_more_than_paths_are_left_to_the_engine(string expression) =>
        SimplePath.TryParse(expression).ShouldBeNull();

    [Fact]
    public void As_matches_subtypes_and_a_union_drops_equal_values()
    {
        var condition = new Condition { Onset = new Age { Value = 4, Unit = "a" } };
        SimplePath.TryParse("(Condition.onset as Quantity)")!.Select(condition).ShouldHaveSingleItem().ShouldBeOfType<Age>();

        var observation = new Observation { Code = new CodeableConcept("http://loinc.org", "8480-6") };
        observation.Category.Add(new CodeableConcept("http://loinc.org", "8480-6"));
        SimplePath.TryParse("Observation.code | Observation.category")!.Select(observation).Count.ShouldBe(1);
        SimplePath.TryParse("Observation.category")!.Select(new Observation { Category = [new CodeableConcept("s", "c"), new CodeableConcept("s", "c")] }).Count.ShouldBe(2);
    }

    [Fact]
    public void Resolve_filter_keeps_references_to_the_named_type()
    {
        var observation = new Observation { Subject = new ResourceReference("Group/g1") };
        var patient = SimplePath.TryParse("Observation.subject.where(resolve() is Patient)")!;
        patient.Select(observation).ShouldBeEmpty();
        observation.Subject = new ResourceReference("http://example.org/fhir/Patient/p1/_history/2");
        patient.Select(observation).ShouldHaveSingleItem();
        SimplePath.TryParse("Patient.name")!.Select(observation).ShouldBeEmpty();
    }

    private static int Compare(Base focus, string expression, Resource? root = null)
    {
        if (SimplePath.TryParse(expression) is not { } simple)
        {
            return 0;
        }

        var expected = Evaluate(focus, expression, root);
        var actual = simple.Select(focus);
        actual.Count.ShouldBe(expected.Count, $"{expression} on {(root ?? focus as Resource)?.TypeName}/{(root ?? focus as Resource)?.Id}");
        for (var i = 0; i < expected.Count; i++)
        {
            actual[i].IsExactly(expected[i]).ShouldBeTrue($"{expression}, value {i}");
        }

        return expected.Count;
    }

    internal static List<Base> Evaluate(Base focus, string expression, Resource? root = null)
    {
        var rootNode = (root ?? focus).ToPocoNode();
        var context = new FhirEvaluationContext { ElementResolver = FhirChain.FhirApi.Search.IndexValueExtractor.ResolveStub, Resource = rootNode, RootResource = rootNode };
        try
        {
            return Engine.Compile(expression).Invoke([focus.ToPocoNode()], context).Select(n => n.Poco).ToList();
        }
        catch (Exception ex) when (ex is InvalidOperationException or ArgumentException or FormatException or NotSupportedException or InvalidCastException)
        {
            return [];
        }
    }

    /// <summary>The Synthea samples, the search fixtures and fhir-samples/, parsed.</summary>
    internal static List<Resource> SampleResources()
    {
        var serializer = new FhirSerializer();
        var files = Directory.GetFiles(Path.Combine(AppContext.BaseDirectory, "Samples", "synthea"), "*.json")
            .Append(Path.Combine(AppContext.BaseDirectory, "Search", "Data", "search-fixture.json"))
            .Append(Path.Combine(AppContext.BaseDirectory, "Search", "Data", "combo-fixture.json"))
            .Concat(Directory.GetFiles(Path.Combine(AppContext.BaseDirectory, "fhir-samples"), "*.json"));
        var resources = new List<Resource>();
        foreach (var file in files)
        {
            var json = JsonNode.Parse(File.ReadAllText(file))!;
            var items = json["entry"] is JsonArray entries ? entries.Select(e => e!["resource"]).OfType<JsonNode>() : [json];
            foreach (var item in items)
            {
                if (serializer.ParseJson(System.Text.Encoding.UTF8.GetBytes(item.ToJsonString())).Resource is { } resource)
                {
                    resources.Add(resource);
                }
            }
        }

        return resources;
    }
}
