using System.Collections;
using Hl7.Fhir.Model;

namespace FhirChain.FhirApi.Bundles;

/// <summary>Visits every <see cref="ResourceReference"/> in a resource, contained resources included.</summary>
internal static class ReferenceWalker
{
    public static IEnumerable<ResourceReference> References(Base root)
    {
        var stack = new Stack<Base>();
        stack.Push(root);
        while (stack.Count > 0)
        {
            var node = stack.Pop();
            if (node is ResourceReference reference)
            {
                yield return reference;
            }

            foreach (var (_, value) in node.EnumerateElements())
            {
                switch (value)
                {
                    case Base child when child is not PrimitiveType:
                        stack.Push(child);
                        break;
                    case IList list:
                        foreach (var item in list)
                        {
                            if (item is Base element and not PrimitiveType)
                            {
                                stack.Push(element);
                            }
                        }

                        break;
                }
            }
        }
    }
}
