using System.Text;
using static Rigsmith.Web.Pages.PageLayout;

namespace Rigsmith.Web.Pages;

/// <summary><c>/</c>: what the site does and where to start: an empty build, an example rig, or a PCPartPicker list.</summary>
public static class HomePage
{
    public static IEndpointRouteBuilder MapHomePage(this IEndpointRouteBuilder app)
    {
        app.MapGet("/", Render).ExcludeFromDescription();
        return app;
    }

    private static IResult Render()
    {
        var h = new StringBuilder();
        h.Append("<h1>Plan a multi-GPU training rig</h1>\n")
            .Append("<p>Pick the parts and see, as you go, what breaks: connectors and the 12 V at the slots, PCIe lanes, cards that collide or cook each other, ")
            .Append("the wall circuit, and whether your training job fits and how fast it runs. Save the build, share its link, fork it, and check the built machine against it.</p>\n")
            .Append("<ul class=\"start\">\n<li><a href=\"/new\">Start an empty build</a></li>\n<li><a href=\"/import\">Import a PCPartPicker list</a></li>\n</ul>\n");
        if (Examples.Names.Count > 0)
        {
            h.Append("<h2>Start from an example</h2>\n<ul>\n");
            foreach (var name in Examples.Names)
                h.Append("<li><a href=\"/new?example=").Append(E(name)).Append("\">").Append(E(name)).Append("</a></li>\n");
            h.Append("</ul>\n");
        }

        return Page("rigsmith", h.ToString());
    }
}
