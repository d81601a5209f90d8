import { canonicalImageRef } from '@shared/docker/image-ref'

/** Sizes are shown as `docker images` shows them (binary units); these are round figures in them. */
const MiB = 1024 * 1024

/**
 * About how much pulling an image downloads (its compressed layers, amd64), for the images the addenda use: what a
 * class needs to know before it pulls on a shared link, known offline. Rounded, as the ROS images differ a little per
 * distribution and rebuild.
 */
const KNOWN: Array<{ match: RegExp; bytes: number }> = [
  // ros:<distro>-ros-core
  { match: /^ros:[a-z]+-ros-core(?:-[a-z]+)?$/, bytes: 150 * MiB },
  // ros:<distro> and ros:<distro>-ros-base (the official image's default is ros-base)
  { match: /^ros:[a-z]+(?:-ros-base)?(?:-(?!ros-core|perception)[a-z]+)?$/, bytes: 280 * MiB },
  // osrf/ros:<distro>-desktop
  { match: /^osrf\/ros:[a-z]+-desktop(?:-(?!full)[a-z]+)?$/, bytes: 1024 * MiB },
]

/** The download size Whalebook knows for this image, or null. */
export function knownDownloadSize(image: string): number | null {
  const ref = canonicalImageRef(image)
  return KNOWN.find((k) => k.match.test(ref))?.bytes ?? null
}
