"use client";

import { LogOut } from "lucide-react";
import { signOut } from "next-auth/react";
import { DropdownMenuItem } from "@/components/ui/dropdown-menu";
import { routes } from "@/lib/routes";

export function SignOutItem() {
  return (
    <DropdownMenuItem onSelect={() => void signOut({ callbackUrl: routes.login() })}>
      <LogOut aria-hidden /> Sign out
    </DropdownMenuItem>
  );
}
