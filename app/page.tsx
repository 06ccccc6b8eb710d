import { redirect } from "next/navigation";
import { landingPage } from "@/lib/auth/landing-page";
import { requireActor } from "@/lib/auth/require-actor";
import { routes } from "@/lib/routes";

// The post-login landing: executives go to their overview, everyone else to the models.
export default async function Home() {
  redirect(landingPage(await requireActor(routes.home())));
}
