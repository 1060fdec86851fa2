import { type FormFailure, TextField } from "./form.tsx"
import { useT } from "./i18n.tsx"

/** A new password typed twice, with the policy in words beside it (setting one with a code, changing one's own). */
export const NewPasswordFields = ({ failure }: { failure: FormFailure | undefined }) => {
  const t = useT()
  return (
    <>
      <TextField
        name="newPassword"
        label={t("newPassword")}
        help={t("newPasswordHelp")}
        failure={failure}
        type="password"
        autoComplete="new-password"
        required
      />
      <TextField
        name="repeatPassword"
        label={t("repeatPassword")}
        failure={failure}
        type="password"
        autoComplete="new-password"
        required
      />
    </>
  )
}
